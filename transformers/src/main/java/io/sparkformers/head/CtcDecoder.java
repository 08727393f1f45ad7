package io.sparkformers.head;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.preprocess.TextTokenizer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code Wav2Vec2CTCTokenizer.batch_decode} of greedy CTC ids: merge repeats, drop the blank ({@code pad_token}),
 * word delimiter → space, strip, {@code clean_up_tokenization}. With {@code skipSpecialTokens} transformers drops
 * the special ids (blank included) before merging, so letters separated only by blanks collapse; that quirk is
 * reproduced.
 */
public final class CtcDecoder implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] tokens;
    private final int blank;
    private final Set<Integer> special = new HashSet<>();
    private final String delimiter;
    private final String unknown;
    private final boolean cleanUp;

    /** @param localDir the model's local copy, where {@code vocab.json} is read */
    public CtcDecoder(ModelDirectory model, Path localDir) {
        JsonNode vocab;
        try {
            vocab = new ObjectMapper().readTree(localDir.resolve("vocab.json").toFile());
        } catch (IOException e) {
            throw new ModelException(
                    "model " + model.uri() + ": cannot read vocab.json (" + e.getMessage()
                            + "); a CTC model needs its tokenizer vocabulary",
                    e);
        }
        if (!vocab.isObject() || vocab.size() == 0) {
            throw new ModelException(
                    "model " + model.uri() + " has no vocab.json; a CTC model needs its tokenizer vocabulary");
        }
        int max = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            max = Math.max(max, it.next().getValue().asInt());
        }
        tokens = new String[max + 1];
        vocab.fields().forEachRemaining(e -> tokens[e.getValue().asInt()] = e.getKey());
        JsonNode tc = model.tokenizerConfig();
        blank = id(vocab, text(tc.path("pad_token"), "<pad>"));
        for (String name : new String[] {"bos_token", "eos_token", "unk_token", "pad_token"}) {
            int id = id(vocab, text(tc.path(name), null));
            if (id >= 0) {
                special.add(id);
            }
        }
        delimiter = text(tc.path("word_delimiter_token"), "|");
        unknown = text(tc.path("unk_token"), "<unk>");
        cleanUp = tc.path("clean_up_tokenization_spaces").asBoolean(true);
    }

    private static String text(JsonNode n, String dflt) {
        return n.isTextual()
                ? n.asText()
                : n.path("content").isTextual() ? n.path("content").asText() : dflt;
    }

    private static int id(JsonNode vocab, String token) {
        return token != null && vocab.has(token) ? vocab.get(token).asInt() : -1;
    }

    public int vocabularySize() {
        return tokens.length;
    }

    /** Greedy ids of frames [from, to) of item {@code item} in a [batch, frames, vocab] output (row base = item·frames). */
    public static int[] argmax(float[] logits, int rowBase, int from, int to, int vocab) {
        int[] ids = new int[Math.max(0, to - from)];
        for (int f = from; f < to; f++) {
            int base = (rowBase + f) * vocab;
            int best = 0;
            for (int v = 1; v < vocab; v++) {
                if (logits[base + v] > logits[base + best]) {
                    best = v;
                }
            }
            ids[f - from] = best;
        }
        return ids;
    }

    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder sb = new StringBuilder();
        int previous = Integer.MIN_VALUE;
        for (int id : ids) {
            if (skipSpecialTokens && special.contains(id)) {
                continue;
            }
            if (id == previous) {
                continue;
            }
            previous = id;
            if (id == blank) {
                continue;
            }
            // An id the vocabulary does not have reads as the unknown token, as Wav2Vec2CTCTokenizer converts it.
            String t = id >= 0 && id < tokens.length && tokens[id] != null ? tokens[id] : unknown;
            sb.append(t.equals(delimiter) ? " " : t);
        }
        String s = sb.toString().strip();
        return cleanUp ? TextTokenizer.cleanUpTokenization(s) : s;
    }
}
