package io.sparkformers.preprocess;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SentenceTransformers;
import io.sparkformers.runtime.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The export's fast tokenizer ({@code tokenizer.json}, run by Hugging Face's Rust tokenizers through DJL) with the
 * special tokens, truncation to the model's maximum length and no padding: batches are padded by the caller to
 * their own longest row with the model's pad id. One instance per model and settings per JVM; thread-safe.
 */
public final class TextTokenizer {
    private static final ConcurrentHashMap<String, TextTokenizer> CACHE = new ConcurrentHashMap<>();
    /** Families whose position ids start after the pad id, so their tables hold {@code pad_token_id + 1} extra rows. */
    private static final Set<String> PADDING_OFFSET_POSITIONS =
            Set.of("roberta", "data2vec-text", "xlm-roberta", "camembert", "longformer", "xlm-roberta-xl", "ibert");

    private final HuggingFaceTokenizer tokenizer;
    /** The same tokenizer without truncation, to measure a pair before cutting its second text; else null. */
    private final HuggingFaceTokenizer whole;

    private final int stride;
    private final int maxLength;
    private final long padId;
    private final boolean cleanUpSpaces;
    private final String maskToken;
    private final long maskId;
    private final boolean byteLevel;
    private final long unkId;
    private final String subwordPrefix;
    /** A sentence-transformers folder's input handling (strip, lower-case), or null. */
    private final SentenceTransformers sentenceInput;

    /**
     * One encoded text (or pair, with the texts it came from): token ids, attention mask, token type ids, special-token mask, sequence ids
     * (-1 special, 0 first text, 1 second), tokens, character offsets into the original Java string (UTF-16
     * indices, -1 for special tokens) and whether truncation cut it.
     */
    public record Encoded(
            String first,
            String second,
            long[] ids,
            long[] attentionMask,
            long[] typeIds,
            long[] specialTokensMask,
            long[] sequenceIds,
            long[] wordIds,
            String[] tokens,
            int[] starts,
            int[] ends,
            boolean truncated) {
        public int length() {
            return ids.length;
        }
    }

    private TextTokenizer(
            HuggingFaceTokenizer tokenizer,
            HuggingFaceTokenizer whole,
            int stride,
            int maxLength,
            long padId,
            boolean cleanUpSpaces,
            String maskToken,
            long maskId,
            boolean byteLevel,
            long unkId,
            String subwordPrefix,
            SentenceTransformers sentenceInput) {
        this.tokenizer = tokenizer;
        this.whole = whole;
        this.stride = stride;
        this.maxLength = maxLength;
        this.padId = padId;
        this.cleanUpSpaces = cleanUpSpaces;
        this.maskToken = maskToken;
        this.maskId = maskId;
        this.byteLevel = byteLevel;
        this.unkId = unkId;
        this.subwordPrefix = subwordPrefix;
        this.sentenceInput = sentenceInput;
    }

    /** Longest-first truncation to {@code maxLength} (≤ 0: the model's own limit, see {@link #modelMaxLength}). */
    public static TextTokenizer forModel(ModelDirectory model, Path localDir, int maxLength) {
        return forModel(model, localDir, maxLength, "longest_first", 0);
    }

    /**
     * @param truncation {@code longest_first} or {@code only_second} (question answering: the context is cut)
     * @param stride tokens shared by consecutive windows of an over-long second text ({@link #encodeWindows})
     */
    public static TextTokenizer forModel(
            ModelDirectory model, Path localDir, int maxLength, String truncation, int stride) {
        String file = model.tokenizerFileName();
        if (file == null) {
            throw new ModelException("model " + model.uri() + " has no tokenizer.json (files: "
                    + model.files().keySet()
                    + "); save the fast tokenizer next to the graph (tokenizer.save_pretrained)");
        }
        int limit = maxLength > 0 ? maxLength : modelMaxLength(model, localDir.resolve(file));
        return CACHE.computeIfAbsent(model.fingerprint() + "|" + limit + "|" + truncation + "|" + stride, k -> {
            try {
                HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(
                        localDir.resolve(file),
                        Map.of(
                                "addSpecialTokens",
                                "true",
                                "padding",
                                "false",
                                "truncation",
                                truncation,
                                "maxLength",
                                Integer.toString(limit),
                                "stride",
                                Integer.toString(stride)));
                JsonNode tc = model.tokenizerConfig();
                String mask = tokenText(tc.path("mask_token"));
                if (mask == null) {
                    mask = tokenText(
                            model.json(ModelDirectory.SPECIAL_TOKENS_MAP).path("mask_token"));
                }
                long maskId = mask == null ? -1 : singleId(t, mask);
                JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(localDir.resolve(file)));
                boolean byteLevel =
                        "ByteLevel".equals(json.path("decoder").path("type").asText());
                String unk = tokenText(tc.path("unk_token"));
                if (unk == null) {
                    unk = tokenText(json.path("model").path("unk_token"));
                }
                HuggingFaceTokenizer whole = !truncation.equals("only_second")
                        ? null
                        : HuggingFaceTokenizer.newInstance(
                                localDir.resolve(file),
                                Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "false"));
                return new TextTokenizer(
                        t,
                        whole,
                        stride,
                        limit,
                        padId(model, t),
                        tc.path("clean_up_tokenization_spaces").asBoolean(true),
                        mask,
                        maskId,
                        byteLevel,
                        unk == null ? -1 : singleId(t, unk),
                        json.path("model").path("continuing_subword_prefix").asText(""),
                        SentenceTransformers.of(model));
            } catch (IOException | RuntimeException e) {
                throw new ModelException(
                        "cannot load tokenizer " + model.uri() + "/" + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static String tokenText(JsonNode n) {
        return n.isTextual()
                ? n.asText()
                : n.path("content").isTextual() ? n.path("content").asText() : null;
    }

    private static long singleId(HuggingFaceTokenizer t, String token) {
        long[] ids = t.encode(token, false, false).getIds();
        return ids.length == 1 ? ids[0] : -1;
    }

    /**
     * A sentence-transformers folder's {@code max_seq_length}, else {@code tokenizer_config.json → model_max_length}
     * (unless it is transformers' "no limit" sentinel), else the
     * truncation length stored in tokenizer.json, else the position table size of {@code config.json}, else 512.
     */
    public static int modelMaxLength(ModelDirectory model, Path tokenizerJson) {
        // A sentence-transformers folder runs its model at its own max_seq_length (often below the model's limit).
        SentenceTransformers st = SentenceTransformers.of(model);
        if (st != null && st.maxSeqLength() > 0) {
            return st.maxSeqLength();
        }
        JsonNode tc = model.tokenizerConfig().path("model_max_length");
        if (tc.isNumber() && tc.asDouble() > 0 && tc.asDouble() <= 1_000_000) {
            return tc.asInt();
        }
        try {
            JsonNode trunc = new ObjectMapper()
                    .readTree(Files.readAllBytes(tokenizerJson))
                    .path("truncation");
            if (trunc.path("max_length").isInt()) {
                return trunc.path("max_length").asInt();
            }
        } catch (IOException ignored) {
            // the tokenizer load reports an unreadable file
        }
        JsonNode cfg = model.config();
        if (cfg.path("max_position_embeddings").isInt()) {
            int n = cfg.path("max_position_embeddings").asInt();
            if (PADDING_OFFSET_POSITIONS.contains(cfg.path("model_type").asText())) {
                n -= cfg.path("pad_token_id").asInt(1) + 1;
            }
            return n;
        }
        return 512;
    }

    private static long padId(ModelDirectory model, HuggingFaceTokenizer t) {
        JsonNode pad = model.config().path("pad_token_id");
        if (pad.isIntegralNumber()) {
            return pad.asLong();
        }
        String text = tokenText(model.tokenizerConfig().path("pad_token"));
        if (text != null) {
            long id = singleId(t, text);
            if (id >= 0) {
                return id;
            }
        }
        return 0;
    }

    /** Rust strings are UTF-8: a lone UTF-16 surrogate cannot cross, and Python's tokenizers refuse it too. */
    static void checkText(String text) throws InvalidInputException {
        if (text == null) {
            throw new InvalidInputException("null input");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(
                        "text has a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ") at index " + i);
            }
        }
    }

    /**
     * One text; in a sentence-transformers folder, as its Transformer module prepares it ({@link
     * SentenceTransformers#prepare}: offsets then index the prepared text).
     */
    public Encoded encode(String text) throws InvalidInputException {
        checkText(text);
        String prepared = sentenceInput == null ? text : sentenceInput.prepare(text);
        return convert(tokenizer.encode(prepared, true, false), prepared, null);
    }

    public Encoded encodePair(String first, String second) throws InvalidInputException {
        checkText(first);
        checkText(second);
        return convert(tokenizer.encode(first, second, true, false), first, second);
    }

    /** The pair, and the further windows over the second text when it does not fit (stride tokens overlap). */
    public List<Encoded> encodeWindows(String first, String second) throws InvalidInputException {
        checkText(first);
        checkText(second);
        checkRoomForWindows(first, second);
        Encoding e = tokenizer.encode(first, second, true, true);
        List<Encoded> out = new ArrayList<>();
        out.add(convert(e, first, second));
        for (Encoding o : e.getOverflowing()) {
            out.add(convert(o, first, second));
        }
        return out;
    }

    /**
     * Refuses a pair whose first text leaves the second no more tokens per window than the stride: Rust's tokenizers
     * asserts {@code stride < max_len} there and the panic aborts the whole JVM (an executor, with every task on it),
     * so the pair is measured untruncated first.
     */
    private void checkRoomForWindows(String first, String second) throws InvalidInputException {
        if (whole == null) {
            return;
        }
        Encoding all = whole.encode(first, second, true, false);
        int total = all.getIds().length;
        if (total <= maxLength) {
            return;
        }
        int secondTokens = 0;
        for (long s : all.getSequenceIds()) {
            secondTokens += s == 1 ? 1 : 0;
        }
        int room = maxLength - (total - secondTokens);
        if (room <= stride) {
            throw new InvalidInputException("the question leaves no room for the context in a window of " + maxLength
                    + " tokens with docStride " + stride + " (" + Math.max(room, 0) + " tokens left for the context, "
                    + total + " tokens untruncated); shorten the question or lower docStride");
        }
    }

    private Encoded convert(Encoding e, String first, String second) {
        long[] seq = e.getSequenceIds();
        // Rust names an added token by the text it matched, so an lstrip token (RoBERTa's <mask>) comes back with the
        // space it absorbed; transformers' convert_ids_to_tokens names it by its content.
        String[] tokens = e.getTokens();
        for (int i = 0; i < tokens.length; i++) {
            if (maskToken != null && e.getIds()[i] == maskId) {
                tokens[i] = maskToken;
            }
        }
        CharSpan[] spans = e.getCharTokenSpans();
        int n = e.getIds().length;
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            CharSpan sp = spans == null || i >= spans.length ? null : spans[i];
            if (sp == null || (seq != null && seq[i] < 0)) {
                starts[i] = -1;
                ends[i] = -1;
            } else {
                String s = seq != null && seq[i] == 1 && second != null ? second : first;
                starts[i] = utf16Index(s, sp.getStart());
                ends[i] = utf16Index(s, sp.getEnd());
            }
        }
        return new Encoded(
                first,
                second,
                e.getIds(),
                e.getAttentionMask(),
                e.getTypeIds(),
                e.getSpecialTokenMask(),
                seq,
                e.getWordIds(),
                tokens,
                starts,
                ends,
                e.exceedMaxLength());
    }

    /** Rust reports offsets in Unicode code points; Java strings index UTF-16 units. */
    static int utf16Index(String s, int codePoints) {
        if (s.length() == s.codePointCount(0, s.length())) {
            return Math.min(codePoints, s.length());
        }
        return s.offsetByCodePoints(0, Math.min(codePoints, s.codePointCount(0, s.length())));
    }

    /** transformers' {@code decode}, including {@code clean_up_tokenization} when the tokenizer config asks for it. */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        String s = tokenizer.decode(ids, skipSpecialTokens);
        return cleanUpSpaces ? cleanUpTokenization(s) : s;
    }

    /** transformers' {@code clean_up_tokenization}. */
    public static String cleanUpTokenization(String s) {
        return s.replace(" .", ".")
                .replace(" ?", "?")
                .replace(" !", "!")
                .replace(" ,", ",")
                .replace(" ' ", "'")
                .replace(" n't", "n't")
                .replace(" 'm", "'m")
                .replace(" 's", "'s")
                .replace(" 've", "'ve")
                .replace(" 're", "'re");
    }

    /**
     * transformers' {@code convert_tokens_to_string}: byte-level BPE tokens map back through GPT-2's byte alphabet
     * and decode as UTF-8; WordPiece tokens join with spaces, "##" continuations glued on.
     */
    public String tokensToString(List<String> tokens) {
        if (byteLevel) {
            // tokenizers' ByteLevel decoder: a token whose every character stands for a byte becomes those bytes; any
            // other token (an already decoded word, as entity grouping passes in) is kept as its own UTF-8.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String t : tokens) {
                if (t.codePoints().allMatch(ByteLevelAlphabet.BYTE_OF::containsKey)) {
                    t.codePoints().forEach(cp -> bytes.write(ByteLevelAlphabet.BYTE_OF.get(cp)));
                } else {
                    bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));
                }
            }
            return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        }
        return String.join(" ", tokens).replace(" ##", "").strip();
    }

    /**
     * The prefix the tokenizer model marks word-continuing pieces with ("##" for WordPiece), or "" when it has none
     * (byte-level BPE): transformers then knows where words start, instead of guessing from spaces.
     */
    public String subwordPrefix() {
        return subwordPrefix;
    }

    /** The unknown token's id, or -1. */
    public long unkId() {
        return unkId;
    }

    public int maxLength() {
        return maxLength;
    }

    public long padId() {
        return padId;
    }

    /** The mask token's text, or null for tokenizers without one. */
    public String maskToken() {
        return maskToken;
    }

    /** The mask token's id, or -1. */
    public long maskId() {
        return maskId;
    }

    /**
     * A character offset as transformers reports it: Python counts code points, where a Java string counts UTF-16
     * units (an emoji is one character there, two here), so offsets past one would be off by one per such character.
     * Spark SQL's {@code substring} counts code points too.
     */
    public static int codePointOffset(String text, int utf16Offset) {
        return text.codePointCount(0, utf16Offset);
    }
}
