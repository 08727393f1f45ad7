package io.sparkformers.runtime;

/**
 * Both halves of what the engine runs in one object, where one class is simplest (the engine's tests): a {@link
 * Preparation} and its {@link Decoding}. The stages compose theirs from an input and a head.
 *
 * @param <I> one row's input as read from the DataFrame
 * @param <P> one row after preprocessing
 * @param <O> one row's result
 */
public interface BatchCodec<I, P, O> extends Preparation<I, P>, Decoding<P, O> {}
