package io.sparkformers.batch;

import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The choices of a multiple-choice row: each (prompt, choice) encoded as a text pair and run as a batch row of its own
 * ([1 choice, tokens]; a multiple-choice model scores each choice independently, then compares the scores).
 */
public final class ChoicesInput extends TextPiecesInput {
    private final int prompt;
    private final int choices;

    public ChoicesInput(
            TextTokenizer tokenizer, int prompt, int choices, Set<String> graphInputs, boolean truncationFlag) {
        super(tokenizer, graphInputs, true, truncationFlag);
        this.prompt = prompt;
        this.choices = choices;
    }

    @Override
    public Texts prepare(Row row) throws Exception {
        if (row.isNullAt(prompt) || row.isNullAt(choices)) {
            throw new InvalidInputException("null input (prompt or choices)");
        }
        List<String> options = row.getList(choices);
        if (options.isEmpty()) {
            throw new InvalidInputException("no choices");
        }
        List<TextTokenizer.Encoded> out = new ArrayList<>(options.size());
        for (String option : options) {
            if (option == null) {
                throw new InvalidInputException("null choice");
            }
            out.add(tokenizer.encodePair(row.getString(prompt), option));
        }
        return new Texts(out);
    }
}
