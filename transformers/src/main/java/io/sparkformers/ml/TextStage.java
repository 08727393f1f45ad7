package io.sparkformers.ml;

/**
 * A stage over texts whose head is its own (tokens, masks, answers, choices): a {@link TextInput} in front of it, with
 * the text Params ({@link TextParams}).
 */
public abstract class TextStage<S extends TextStage<S>> extends MediaStage<S> implements TextParams<S> {
    private static final long serialVersionUID = 1L;

    protected TextStage(String uid) {
        super(uid, TextInput::new);
    }
}
