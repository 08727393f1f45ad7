package io.sparkformers.batch;

import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * A (question, context) row as transformers' question-answering pipeline prepares it: the context in windows of the
 * tokenizer's length overlapping by its stride ({@code truncation="only_second"}, overflowing windows kept), each
 * window a batch row; or, without windows, the first window only (the context cut).
 */
public final class QuestionWindowsInput extends TextPiecesInput {
    private final int question;
    private final int context;
    private final boolean windows;

    /**
     * {@code tokenizer} cuts the context ({@code only_second}) into windows of its length overlapping by its stride, and
     * refuses a question that leaves no room for them.
     */
    public QuestionWindowsInput(
            TextTokenizer tokenizer,
            int question,
            int context,
            boolean windows,
            Set<String> graphInputs,
            boolean truncationFlag) {
        super(tokenizer, graphInputs, false, truncationFlag);
        this.question = question;
        this.context = context;
        this.windows = windows;
    }

    @Override
    public Texts prepare(Row row) throws Exception {
        if (row.isNullAt(question) || row.isNullAt(context)) {
            throw new InvalidInputException("null input (question or context)");
        }
        if (row.getString(context).isBlank()) {
            throw new InvalidInputException("empty context");
        }
        if (row.getString(question).isBlank()) {
            throw new InvalidInputException("empty question");
        }
        List<TextTokenizer.Encoded> w = tokenizer.encodeWindows(row.getString(question), row.getString(context));
        return new Texts(windows ? w : List.of(w.get(0)));
    }

    /** With windows no text is cut; without, the context was cut when its first window was. */
    @Override
    protected boolean truncated(Texts row) {
        return !windows && row.first().truncated();
    }
}
