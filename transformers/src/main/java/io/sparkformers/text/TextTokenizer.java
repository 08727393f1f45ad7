package io.sparkformers.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The export's fast tokenizer ({@code tokenizer.json}, run by Hugging Face's Rust tokenizers through DJL) with the
 * special tokens, truncation to the model's maximum length and no padding: batches are padded by the caller to
 * their own longest row with the model's pad id. One instance per model per JVM; encoding is thread-safe.
 */
public final class TextTokenizer {
  private static final ConcurrentHashMap<String, TextTokenizer> CACHE = new ConcurrentHashMap<>();
  /** Families whose position ids start after the pad id, so their tables hold {@code pad_token_id + 1} extra rows. */
  private static final Set<String> PADDING_OFFSET_POSITIONS =
      Set.of("roberta", "data2vec-text", "xlm-roberta", "camembert", "longformer", "xlm-roberta-xl", "ibert");

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final long padId;

  /** One text's token ids, attention mask and token type ids, truncated and without padding. */
  public record Encoded(long[] ids, long[] attentionMask, long[] typeIds) {
    public int length() {
      return ids.length;
    }
  }

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength, long padId) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.padId = padId;
  }

  /**
   * The tokenizer of {@code model}, whose files are in {@code localDir}. {@code maxLength} ≤ 0 takes the model's
   * own limit (see {@link #modelMaxLength}).
   */
  public static TextTokenizer forModel(ModelDirectory model, Path localDir, int maxLength) {
    String file = model.tokenizerFileName();
    if (file == null) {
      throw new ModelException("model " + model.uri() + " has no tokenizer.json (files: " + model.files().keySet()
          + "); save the fast tokenizer next to the graph (tokenizer.save_pretrained)");
    }
    int limit = maxLength > 0 ? maxLength : modelMaxLength(model, localDir.resolve(file));
    return CACHE.computeIfAbsent(model.fingerprint() + "|" + limit, k -> {
      try {
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(localDir.resolve(file), Map.of(
            "addSpecialTokens", "true", "padding", "false", "truncation", "true", "maxLength", Integer.toString(limit)));
        return new TextTokenizer(t, limit, padId(model, t));
      } catch (IOException | RuntimeException e) {
        throw new ModelException("cannot load tokenizer " + model.uri() + "/" + file + ": " + e.getMessage(), e);
      }
    });
  }

  /**
   * {@code tokenizer_config.json → model_max_length} (unless it is transformers' "no limit" sentinel), else the
   * truncation length stored in tokenizer.json, else the position table size of {@code config.json}, else 512.
   */
  static int modelMaxLength(ModelDirectory model, Path tokenizerJson) {
    JsonNode tc = model.tokenizerConfig().path("model_max_length");
    if (tc.isNumber() && tc.asDouble() > 0 && tc.asDouble() <= 1_000_000) {
      return tc.asInt();
    }
    try {
      JsonNode trunc = new ObjectMapper().readTree(Files.readAllBytes(tokenizerJson)).path("truncation");
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
    JsonNode token = model.tokenizerConfig().path("pad_token");
    String text = token.isTextual() ? token.asText() : token.path("content").asText(null);
    if (text != null) {
      long[] ids = t.encode(text, false, false).getIds();
      if (ids.length == 1) {
        return ids[0];
      }
    }
    return 0;
  }

  public Encoded encode(String text) {
    Encoding e = tokenizer.encode(text, true, false);
    return new Encoded(e.getIds(), e.getAttentionMask(), e.getTypeIds());
  }

  public int maxLength() {
    return maxLength;
  }

  public long padId() {
    return padId;
  }
}
