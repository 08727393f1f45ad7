package io.sparkformers.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkformers.model.ModelException;
import java.io.Serializable;

/**
 * transformers' size dictionaries: {@code {height, width}} (warp, aspect ratio not kept) or
 * {@code {shortest_edge[, longest_edge]}} (short side to that length, long side {@code int(s * long / short)}).
 */
public record SizeSpec(int height, int width, int shortestEdge, int longestEdge) implements Serializable {
    public static SizeSpec parse(JsonNode n, boolean defaultToSquare, String where) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isInt()) {
            int s = n.asInt();
            return defaultToSquare ? new SizeSpec(s, s, 0, 0) : new SizeSpec(0, 0, s, 0);
        }
        if (n.has("height") && n.has("width")) {
            return new SizeSpec(positive(n.get("height"), where), positive(n.get("width"), where), 0, 0);
        }
        if (n.has("shortest_edge")) {
            int longest = n.hasNonNull("longest_edge") ? positive(n.get("longest_edge"), where) : 0;
            return new SizeSpec(0, 0, positive(n.get("shortest_edge"), where), longest);
        }
        throw new ModelException(where + " must be {height, width} or {shortest_edge}, got " + n);
    }

    private static int positive(JsonNode v, String where) {
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new ModelException(where + " has a non-positive or non-integer value: " + v);
        }
        return v.asInt();
    }

    public boolean isExact() {
        return shortestEdge == 0;
    }

    /** (height, width) for an input of (h, w). */
    public int[] resolve(int h, int w) {
        return isExact() ? new int[] {height, width} : shortestEdgeSize(h, w, shortestEdge, longestEdge);
    }

    /** transformers' {@code get_resize_output_image_size(default_to_square=False)}. */
    public static int[] shortestEdgeSize(int h, int w, int shortest, int maxSize) {
        boolean portrait = h >= w;
        int shortSide = portrait ? w : h;
        int longSide = portrait ? h : w;
        int newShort = shortest;
        int newLong = (int) ((double) ((long) shortest * longSide) / shortSide);
        if (maxSize > 0 && newLong > maxSize) {
            newShort = (int) ((double) ((long) maxSize * newShort) / newLong);
            newLong = maxSize;
        }
        return portrait ? new int[] {newLong, newShort} : new int[] {newShort, newLong};
    }

    @Override
    public String toString() {
        return isExact()
                ? height + "x" + width
                : "shortest_edge=" + shortestEdge + (longestEdge > 0 ? ",longest_edge=" + longestEdge : "");
    }
}
