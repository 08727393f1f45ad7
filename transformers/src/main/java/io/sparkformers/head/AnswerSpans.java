package io.sparkformers.head;

import io.sparkformers.preprocess.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' (4.37) question-answering span selection ({@code select_starts_ends} / {@code decode_spans}) for
 * one window: tokens outside the context (question, special tokens, padding; CLS kept) are masked, start and end
 * logits are softmaxed separately, and spans with start ≤ end < start + maxAnswerLength are scored by
 * p(start)·p(end).
 */
public final class AnswerSpans {
    private AnswerSpans() {}

    /** A span of inclusive token indices and its score. */
    public record Span(int start, int end, double score) {}

    /** The CLS score p(start=0)·p(end=0) of a window, before CLS is excluded from spans. */
    public record Window(List<Span> spans, double nullScore) {}

    /**
     * @param pMask 1 for tokens that cannot be part of an answer (question, special, padding), 0 for context and CLS
     */
    public static Window select(
            float[] startLogits, float[] endLogits, int offset, int n, int[] pMask, int topK, int maxAnswerLength) {
        boolean[] allowed = new boolean[n];
        for (int i = 0; i < n; i++) {
            allowed[i] = pMask[i] == 0;
        }
        double[] start = softmaxMasked(startLogits, offset, n, allowed);
        double[] end = softmaxMasked(endLogits, offset, n, allowed);
        double nullScore = start[0] * end[0];
        start[0] = 0;
        end[0] = 0;
        // The k best (start, end) pairs of the banded outer product, best first.
        List<Span> best = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (start[s] == 0 && best.size() >= topK) {
                continue;
            }
            for (int e = s; e < Math.min(n, s + maxAnswerLength); e++) {
                double score = start[s] * end[e];
                if (best.size() < topK || score > best.get(best.size() - 1).score()) {
                    Span span = new Span(s, e, score);
                    int at = best.size();
                    while (at > 0 && best.get(at - 1).score() < score) {
                        at--;
                    }
                    best.add(at, span);
                    if (best.size() > topK) {
                        best.remove(best.size() - 1);
                    }
                }
            }
        }
        List<Span> out = new ArrayList<>();
        for (Span sp : best) {
            if (allowed[sp.start()] && allowed[sp.end()]) {
                out.add(sp);
            }
        }
        return new Window(out, nullScore);
    }

    /** numpy in the pipeline: masked logits set to -10000, then exp(x - max) / sum. */
    private static double[] softmaxMasked(float[] logits, int offset, int n, boolean[] allowed) {
        double[] x = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            x[i] = allowed[i] ? logits[offset + i] : -10000.0;
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] /= sum;
        }
        return x;
    }

    /**
     * The pipeline's {@code p_mask} for a (question, context) window: 0 for context tokens (sequence 1) and the CLS
     * token (the leading special token: {@code <s>}, {@code [CLS]}), 1 elsewhere.
     */
    public static int[] pMask(TextTokenizer.Encoded window) {
        long clsId = window.length() > 0 && window.specialTokensMask()[0] != 0 ? window.ids()[0] : Long.MIN_VALUE;
        int[] p = new int[window.length()];
        for (int i = 0; i < p.length; i++) {
            p[i] = window.sequenceIds()[i] == 1 ? 0 : 1;
            if (window.ids()[i] == clsId) {
                p[i] = 0;
            }
        }
        return p;
    }

    /**
     * Character range of a token span in the context: whole words when {@code alignToWords} (the pipeline's
     * {@code token_to_word} / {@code word_to_chars}), else the tokens' own offsets.
     */
    public static int[] charRange(TextTokenizer.Encoded w, int start, int end, boolean alignToWords) {
        int from = w.starts()[start];
        int to = w.ends()[end];
        if (alignToWords && w.wordIds() != null) {
            long ws = w.wordIds()[start];
            long we = w.wordIds()[end];
            for (int i = 0; i < w.length(); i++) {
                if (w.sequenceIds()[i] != 1 || w.starts()[i] < 0) {
                    continue;
                }
                if (w.wordIds()[i] == ws) {
                    from = Math.min(from, w.starts()[i]);
                }
                if (w.wordIds()[i] == we) {
                    to = Math.max(to, w.ends()[i]);
                }
            }
        }
        return new int[] {from, to};
    }
}
