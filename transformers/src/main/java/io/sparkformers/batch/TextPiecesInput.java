package io.sparkformers.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.TensorStaging;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text input whose row becomes several encoded texts that the graph runs as rows of their own (the windows of a long
 * context, the (prompt, choice) pairs of a question): the row is split into one piece per text, always — the head
 * answers a row from all of its pieces — and pieces are padded and batched like rows, at most a batch per ONNX Runtime
 * call whatever the number of texts in a row.
 */
public abstract class TextPiecesInput implements Input<TextPiecesInput.Texts> {
    /** A row's encoded texts, or a piece's one. */
    public record Texts(List<TextTokenizer.Encoded> texts) {
        public TextTokenizer.Encoded first() {
            return texts.get(0);
        }
    }

    protected final TextTokenizer tokenizer;
    private final Set<String> graphInputs;
    private final boolean choiceAxis;
    private final boolean truncationFlag;

    /**
     * {@code choiceAxis}: the graph takes [batch, choices, tokens] (a multiple-choice model), fed one choice per batch
     * row; {@code truncationFlag}: a column after the head's says whether a text was cut to the tokenizer's length.
     */
    protected TextPiecesInput(
            TextTokenizer tokenizer, Set<String> graphInputs, boolean choiceAxis, boolean truncationFlag) {
        this.tokenizer = tokenizer;
        this.graphInputs = graphInputs;
        this.choiceAxis = choiceAxis;
        this.truncationFlag = truncationFlag;
    }

    @Override
    public List<Texts> split(Texts row) {
        List<Texts> pieces = new ArrayList<>(row.texts().size());
        for (TextTokenizer.Encoded e : row.texts()) {
            pieces.add(new Texts(List.of(e)));
        }
        return pieces;
    }

    @Override
    public int sortKey(Texts item) {
        return item.first().length();
    }

    @Override
    public Map<String, OnnxTensor> collate(List<Texts> items, int rows, TensorStaging staging) throws OrtException {
        List<TextTokenizer.Encoded> texts = new ArrayList<>(items.size());
        items.forEach(t -> texts.add(t.first()));
        return choiceAxis
                ? TextBatchInput.collate(texts, rows, staging, graphInputs, tokenizer.padId(), rows, 1)
                : TextBatchInput.collate(texts, rows, staging, graphInputs, tokenizer.padId());
    }

    /** Whether the row's answer rests on a text cut to the tokenizer's length. */
    protected boolean truncated(Texts row) {
        return row.texts().stream().anyMatch(TextTokenizer.Encoded::truncated);
    }

    @Override
    public Object[] trailing(Texts row) {
        return truncationFlag ? new Object[] {truncated(row)} : NO_COLUMNS;
    }
}
