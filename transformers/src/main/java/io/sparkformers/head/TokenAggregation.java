package io.sparkformers.head;

import io.sparkformers.preprocess.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * transformers' (4.37) {@code TokenClassificationPipeline} post-processing: per-token softmax, then
 * {@code aggregation_strategy} none | simple | first | average | max, entity grouping by B-/I- tags, and dropping
 * the ignored labels ("O"). Offsets are character offsets into the original text.
 */
public final class TokenAggregation {
    public enum Strategy {
        NONE,
        SIMPLE,
        FIRST,
        AVERAGE,
        MAX
    }

    /** One output entity; {@code index} is the token index for strategy none, else -1. */
    public record Entity(String entity, double score, String word, int start, int end, int index) {}

    private record PreEntity(String word, double[] scores, int start, int end, int index, boolean subword) {}

    private TokenAggregation() {}

    /**
     * @param logits [tokens, labels] of one row, row-major, from {@code offset}
     */
    public static List<Entity> aggregate(
            float[] logits,
            int offset,
            int labels,
            TextTokenizer.Encoded enc,
            String[] id2label,
            Strategy strategy,
            Set<String> ignoreLabels,
            TextTokenizer tokenizer) {
        String text = enc.first();
        List<PreEntity> pre = new ArrayList<>();
        for (int t = 0; t < enc.length(); t++) {
            if (enc.specialTokensMask()[t] != 0) {
                continue;
            }
            double[] p = Classification.softmax(logits, offset + t * labels, labels);
            String word = enc.tokens()[t];
            int start = enc.starts()[t];
            int end = enc.ends()[t];
            String wordRef = start >= 0 ? text.substring(start, end) : word;
            boolean subword;
            if (!tokenizer.subwordPrefix().isEmpty()) {
                // A word-aware tokenizer (WordPiece's "##"): a piece is a subword when it is not its text as is.
                subword = word.codePointCount(0, word.length()) != wordRef.codePointCount(0, wordRef.length());
            } else {
                // No word-aware prefix (byte-level BPE): transformers' fallback heuristic, a piece not after a space.
                subword = start > 0
                        && !text.substring(Math.max(0, start - 1), Math.min(text.length(), start + 1))
                                .contains(" ");
            }
            if (enc.ids()[t] == tokenizer.unkId()) {
                word = wordRef;
                subword = false;
            }
            pre.add(new PreEntity(word, p, start, end, t, subword));
        }
        List<Entity> entities = new ArrayList<>();
        if (strategy == Strategy.NONE || strategy == Strategy.SIMPLE) {
            for (PreEntity e : pre) {
                int best = Classification.argmax(e.scores());
                entities.add(new Entity(id2label[best], e.scores()[best], e.word(), e.start(), e.end(), e.index()));
            }
        } else {
            List<PreEntity> group = new ArrayList<>();
            for (PreEntity e : pre) {
                if (!group.isEmpty() && !e.subword()) {
                    entities.add(word(group, strategy, id2label, tokenizer));
                    group = new ArrayList<>();
                }
                group.add(e);
            }
            if (!group.isEmpty()) {
                entities.add(word(group, strategy, id2label, tokenizer));
            }
        }
        if (strategy != Strategy.NONE) {
            entities = group(entities, tokenizer);
        }
        List<Entity> out = new ArrayList<>();
        for (Entity e : entities) {
            if (!ignoreLabels.contains(e.entity())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Entity word(List<PreEntity> tokens, Strategy strategy, String[] id2label, TextTokenizer tokenizer) {
        List<String> words = new ArrayList<>();
        tokens.forEach(t -> words.add(t.word()));
        double[] scores;
        switch (strategy) {
            case FIRST -> scores = tokens.get(0).scores();
            case MAX -> {
                PreEntity best = tokens.get(0);
                for (PreEntity t : tokens) {
                    if (max(t.scores()) > max(best.scores())) {
                        best = t;
                    }
                }
                scores = best.scores();
            }
            default -> {
                scores = new double[tokens.get(0).scores().length];
                for (PreEntity t : tokens) {
                    for (int i = 0; i < scores.length; i++) {
                        scores[i] += t.scores()[i] / tokens.size();
                    }
                }
            }
        }
        int idx = Classification.argmax(scores);
        return new Entity(
                id2label[idx],
                scores[idx],
                tokenizer.tokensToString(words),
                tokens.get(0).start(),
                tokens.get(tokens.size() - 1).end(),
                -1);
    }

    /** B-X starts a group; I-X (or a label without a B-/I- prefix) continues a group of the same X. */
    private static List<Entity> group(List<Entity> entities, TextTokenizer tokenizer) {
        List<Entity> groups = new ArrayList<>();
        List<Entity> current = new ArrayList<>();
        for (Entity e : entities) {
            if (!current.isEmpty()) {
                String[] tag = tag(e.entity());
                String[] last = tag(current.get(current.size() - 1).entity());
                if (!(tag[1].equals(last[1]) && !tag[0].equals("B"))) {
                    groups.add(merge(current, tokenizer));
                    current = new ArrayList<>();
                }
            }
            current.add(e);
        }
        if (!current.isEmpty()) {
            groups.add(merge(current, tokenizer));
        }
        return groups;
    }

    private static Entity merge(List<Entity> entities, TextTokenizer tokenizer) {
        String name = entities.get(0).entity();
        int dash = name.indexOf('-');
        String group = dash >= 0 ? name.substring(dash + 1) : name;
        double score = 0;
        List<String> words = new ArrayList<>();
        for (Entity e : entities) {
            score += e.score() / entities.size();
            words.add(e.word());
        }
        return new Entity(
                group,
                score,
                tokenizer.tokensToString(words),
                entities.get(0).start(),
                entities.get(entities.size() - 1).end(),
                -1);
    }

    private static String[] tag(String entity) {
        if (entity.startsWith("B-")) {
            return new String[] {"B", entity.substring(2)};
        }
        if (entity.startsWith("I-")) {
            return new String[] {"I", entity.substring(2)};
        }
        return new String[] {"I", entity};
    }

    private static double max(double[] v) {
        return v[Classification.argmax(v)];
    }
}
