package io.sparkformers.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.runtime.TensorStaging;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The shared front half of every text task: tokenize a row on the preprocessing pool, then pad the batch to its
 * longest row (right side, the model's pad id, attention 0) into off-heap int64 tensors. Only the inputs the graph
 * declares are fed ({@code token_type_ids} is BERT's, not RoBERTa's).
 */
public final class TextBatchInput implements Input<TextTokenizer.Encoded> {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final TextTokenizer tokenizer;
    private final int column;
    private final int pairColumn;
    private final Set<String> graphInputs;
    private final boolean truncationFlag;

    /**
     * {@code pairColumn} ≥ 0: each row is a text pair ({@code <s> A </s></s> B </s>} for RoBERTa); {@code
     * truncationFlag}: a column after the head's says whether the row was cut to the tokenizer's length.
     */
    public TextBatchInput(
            TextTokenizer tokenizer, int column, int pairColumn, Set<String> graphInputs, boolean truncationFlag) {
        this.tokenizer = tokenizer;
        this.column = column;
        this.pairColumn = pairColumn;
        this.graphInputs = graphInputs;
        this.truncationFlag = truncationFlag;
    }

    @Override
    public Object[] trailing(TextTokenizer.Encoded item) {
        return truncationFlag ? new Object[] {item.truncated()} : NO_COLUMNS;
    }

    @Override
    public TextTokenizer.Encoded prepare(Row row) throws Exception {
        String text = row.isNullAt(column) ? null : row.getString(column);
        if (pairColumn < 0) {
            return tokenizer.encode(text);
        }
        if (row.isNullAt(pairColumn)) {
            throw new InvalidInputException("null input in the second text of the pair");
        }
        return tokenizer.encodePair(text, row.getString(pairColumn));
    }

    /** Rows of similar token counts share batches when the engine buckets. */
    @Override
    public int sortKey(TextTokenizer.Encoded item) {
        return item.length();
    }

    @Override
    public Map<String, OnnxTensor> collate(List<TextTokenizer.Encoded> items, int rows, TensorStaging staging)
            throws OrtException {
        return collate(items, rows, staging, graphInputs, tokenizer.padId());
    }

    /**
     * Pads {@code items} to their longest into int64 tensors for the inputs the graph declares, shaped
     * [rows, tokens], or {@code leading} + [tokens] when given (multiple choice: [batch, choices, tokens]).
     */
    public static Map<String, OnnxTensor> collate(
            List<TextTokenizer.Encoded> items,
            int rows,
            TensorStaging staging,
            Set<String> graphInputs,
            long padId,
            long... leading)
            throws OrtException {
        int len = 1;
        for (TextTokenizer.Encoded e : items) {
            len = Math.max(len, e.length());
        }
        long[] shape;
        if (leading.length == 0) {
            shape = new long[] {rows, len};
        } else {
            shape = Arrays.copyOf(leading, leading.length + 1);
            shape[leading.length] = len;
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        LongBuffer ids = staging.longs(INPUT_IDS, (long) rows * len, padId);
        LongBuffer mask = staging.longs(ATTENTION_MASK, (long) rows * len, 0);
        LongBuffer types =
                graphInputs.contains(TOKEN_TYPE_IDS) ? staging.longs(TOKEN_TYPE_IDS, (long) rows * len, 0) : null;
        for (int i = 0; i < items.size(); i++) {
            TextTokenizer.Encoded e = items.get(i);
            ids.put(i * len, e.ids());
            mask.put(i * len, e.attentionMask());
            if (types != null) {
                types.put(i * len, e.typeIds());
            }
        }
        feed.put(INPUT_IDS, TensorStaging.tensor(ids, shape));
        if (graphInputs.contains(ATTENTION_MASK)) {
            feed.put(ATTENTION_MASK, TensorStaging.tensor(mask, shape));
        }
        if (types != null) {
            feed.put(TOKEN_TYPE_IDS, TensorStaging.tensor(types, shape));
        }
        return feed;
    }

    /** The export's tokenizer, as this input encodes with it (heads read tokens and special ids from it). */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }
}
