package io.sparkformers.head;

import java.util.List;

/** A map and its segments for one image. */
public record SegmentationResult(SegmentationMap map, List<Segment> segments) {}
