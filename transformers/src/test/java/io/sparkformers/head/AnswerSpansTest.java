package io.sparkformers.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's span selection against a brute force written from its definition: softmax over the logits with
 * masked tokens at -10000, the null answer = p(start=CLS)·p(end=CLS), then every (start, end) with
 * start ≤ end < start + maxAnswerLength over allowed, non-CLS tokens, scored p(start)·p(end), best k first.
 */
class AnswerSpansTest {
    static double[] softmax(float[] logits, int[] pMask) {
        double[] x = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            x[i] = pMask[i] == 0 ? logits[i] : -10000.0;
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
        return x;
    }

    @Test
    void theBestSpansOfEveryWindowAreTheBruteForcesBest() {
        Random random = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + random.nextInt(14);
            int topK = 1 + random.nextInt(6);
            int maxLen = 1 + random.nextInt(5);
            float[] start = new float[n];
            float[] end = new float[n];
            int[] pMask = new int[n];
            // Every tenth window has logits in the hundreds: the softmax must not overflow (it subtracts the maximum).
            double scale = trial % 10 == 0 ? 300 : 3;
            for (int i = 0; i < n; i++) {
                start[i] = (float) (random.nextGaussian() * scale);
                end[i] = (float) (random.nextGaussian() * scale);
                pMask[i] = i > 0 && random.nextInt(4) == 0 ? 1 : 0;
            }
            double[] ps = softmax(start, pMask);
            double[] pe = softmax(end, pMask);
            List<AnswerSpans.Span> all = new ArrayList<>();
            for (int s = 1; s < n; s++) {
                for (int e = s; e < n && e - s + 1 <= maxLen; e++) {
                    if (pMask[s] == 0 && pMask[e] == 0 && ps[s] * pe[e] > 0) {
                        all.add(new AnswerSpans.Span(s, e, ps[s] * pe[e]));
                    }
                }
            }
            all.sort(Comparator.comparingDouble(AnswerSpans.Span::score).reversed());
            // A short row of logits in a longer buffer: only [offset, offset + n) is read.
            float[] startBuf = new float[n + 3];
            float[] endBuf = new float[n + 3];
            System.arraycopy(start, 0, startBuf, 3, n);
            System.arraycopy(end, 0, endBuf, 3, n);
            AnswerSpans.Window w = AnswerSpans.select(startBuf, endBuf, 3, n, pMask, topK, maxLen);
            String where = "trial " + trial + " n=" + n + " k=" + topK + " max=" + maxLen;
            assertEquals(ps[0] * pe[0], w.nullScore(), 1e-15, where + " null score");
            assertEquals(false, Double.isNaN(w.nullScore()), where);
            // Spans whose probability underflows to 0 (or that start at CLS) fill a short list in no defined order, as
            // in
            // the pipeline: only the scored ones are compared.
            List<AnswerSpans.Span> want = all.subList(0, Math.min(topK, all.size()));
            List<AnswerSpans.Span> got =
                    w.spans().stream().filter(sp -> sp.score() > 0).toList();
            assertEquals(want.size(), got.size(), where + ": " + w.spans());
            assertEquals(Math.min(topK, w.spans().size()), w.spans().size(), where);
            for (int k = 0; k < want.size(); k++) {
                assertEquals(want.get(k).score(), got.get(k).score(), 1e-15, where + " score " + k);
                assertEquals(want.get(k).start(), got.get(k).start(), where + " start " + k);
                assertEquals(want.get(k).end(), got.get(k).end(), where + " end " + k);
            }
        }
    }
}
