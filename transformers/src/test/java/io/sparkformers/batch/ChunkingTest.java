package io.sparkformers.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkformers.preprocess.Wav2Vec2Features;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a clip is cut: the chunks and strides of transformers' {@code chunk_iter} (4.37.2, printed by it for these
 * lengths: chunk 40 samples, strides 10, 0 and 15), and the activation estimate's terms on a tiny encoder.
 */
class ChunkingTest {
    static ChunkedAudioInput codec(int chunk, int stride) throws Exception {
        Wav2Vec2Features features =
                new Wav2Vec2Features(new ObjectMapper().readTree("{\"sampling_rate\": 16000}"), "test");
        AudioActivations oneSamplePerFrame = new AudioActivations(new int[] {1}, new int[] {1}, new int[] {1}, 1, 1, 1);
        return new ChunkedAudioInput(null, features, oneSamplePerFrame, true, chunk / 16000.0, stride / 16000.0);
    }

    /** (samples, left stride, right stride) of each chunk of a clip of {@code n} samples. */
    static List<List<Integer>> chunks(int n, int chunk, int stride) throws Exception {
        List<ChunkedAudioInput.Piece> pieces =
                codec(chunk, stride).split(new ChunkedAudioInput.Piece(new float[n], 0, n, 0, 0, false));
        if (pieces == null) {
            return null;
        }
        List<List<Integer>> out = new ArrayList<>();
        for (ChunkedAudioInput.Piece p : pieces) {
            assertTrue(p.chunk());
            out.add(List.of(p.length(), p.left(), p.right()));
        }
        return out;
    }

    @Test
    void chunksAreThoseOfThePipeline() throws Exception {
        assertEquals(
                List.of(
                        List.of(40, 0, 10),
                        List.of(40, 10, 10),
                        List.of(40, 10, 10),
                        List.of(40, 10, 10),
                        List.of(20, 10, 0)),
                chunks(100, 40, 10));
        assertEquals(
                List.of(List.of(40, 0, 10), List.of(40, 10, 10), List.of(40, 10, 10), List.of(20, 10, 0)),
                chunks(80, 40, 10));
        assertEquals(
                List.of(List.of(40, 0, 10), List.of(40, 10, 10), List.of(40, 10, 10), List.of(21, 10, 0)),
                chunks(81, 40, 10));
        assertEquals(List.of(List.of(40, 0, 0), List.of(40, 0, 0), List.of(20, 0, 0)), chunks(100, 40, 0));
        assertEquals(List.of(List.of(40, 0, 0), List.of(40, 0, 0), List.of(40, 0, 0)), chunks(120, 40, 0));
        assertEquals(List.of(List.of(40, 0, 15), List.of(40, 15, 15), List.of(30, 15, 0)), chunks(50, 40, 15));
        assertNull(chunks(39, 40, 10), "a clip shorter than a chunk runs whole");
        assertNull(chunks(40, 40, 0), "a clip of exactly one chunk without strides runs whole");
        assertNull(
                codec(0, 0).split(new ChunkedAudioInput.Piece(new float[500], 0, 500, 0, 0, false)), "0: no chunking");
    }

    /** A refused piece is named as a chunk or a clip, with the setting that helps for each. */
    @Test
    void refusedPiecesSayWhatTheyAreAndWhatHelps() throws Exception {
        ChunkedAudioInput chunked = codec(40, 10);
        ChunkedAudioInput whole = codec(0, 0);
        ChunkedAudioInput.Piece chunk = new ChunkedAudioInput.Piece(new float[32000], 0, 16000, 0, 10, true);
        ChunkedAudioInput.Piece clip = new ChunkedAudioInput.Piece(new float[32000], 0, 32000, 0, 0, false);
        assertTrue(chunked.describeSize(chunk).startsWith("a chunk of 1.0 s"), chunked.describeSize(chunk));
        assertTrue(chunked.describeSize(clip).startsWith("a clip of 2.0 s"), chunked.describeSize(clip));
        assertEquals("lower chunkLengthS or raise maxInferenceMemory", chunked.remedy(chunk));
        assertEquals("lower chunkLengthS or raise maxInferenceMemory", chunked.remedy(clip), "chunking is on");
        assertEquals("set chunkLengthS to transcribe it in chunks, or raise maxInferenceMemory", whole.remedy(clip));
    }

    @Test
    void theEstimateCountsConvAttentionAndFeedForward() {
        // conv: 10 samples in, 5 steps × 3 channels out; then 4 channels over 3 steps. Frames 3.
        AudioActivations a = new AudioActivations(new int[] {2, 3}, new int[] {2, 1}, new int[] {3, 4}, 2, 4, 8);
        assertEquals(3, a.frames(10));
        assertEquals(2, a.hop());
        // 4 bytes × (largest conv layer in+out: 15 + 12, attention 3 × 2 heads × 3², feed-forward 3 × (4·4 + 8)).
        assertEquals(4 * (27 + 54 + 72), a.bytes(10));
        assertEquals("a clip of 5.0 s (3 frames)", a.describe(10, 2));
    }

    @Test
    void aWhisperEncoderRunsItsFixedWindowWhateverTheClip() throws Exception {
        AudioActivations w = AudioActivations.of(new ObjectMapper()
                .readTree("{\"num_mel_bins\": 40, \"max_source_positions\": 100, \"d_model\": 16,"
                        + " \"encoder_attention_heads\": 2, \"encoder_ffn_dim\": 32}"));
        assertEquals(100, w.frames(10));
        assertEquals(100, w.frames(10_000_000));
        // 4 bytes × (two convolutions over 2 × 100 frames: 2·100·(40 + 2·16); attention 3 × 2 heads × 100²;
        // feed-forward 100 × (4·16 + 32)), the same for any clip.
        long want = 4L * (2 * 100 * (40 + 2 * 16) + 3 * 2 * 100 * 100 + 100 * (4 * 16 + 32));
        assertEquals(want, w.bytes(1));
        assertEquals(want, w.bytes(10_000_000));
        // whisper-tiny's values where a key is missing: 1500 frames, d_model 384, 6 heads, 1536 feed-forward.
        AudioActivations tiny = AudioActivations.of(new ObjectMapper().readTree("{\"num_mel_bins\": 80}"));
        assertEquals(1500, tiny.frames(16000));
        assertEquals(
                4L * (2L * 1500 * (80 + 2 * 384) + 3L * 6 * 1500 * 1500 + 1500L * (4 * 384 + 1536)), tiny.bytes(16000));
    }

    @Test
    void convChannelsListedShortKeepTheirLastWidth() {
        // Three layers, two channel widths: the third layer keeps the second's 4 channels.
        // 20 samples -> 10 steps x 3 -> 8 steps x 4 -> 4 steps x 4; frames 4.
        AudioActivations a = new AudioActivations(new int[] {2, 3, 2}, new int[] {2, 1, 2}, new int[] {3, 4}, 1, 2, 2);
        assertEquals(4, a.frames(20));
        // Largest conv layer: max(20 + 30, 30 + 32, 32 + 16) = 62; attention 3 × 1 × 4²; feed-forward 4 × (4·2 + 2).
        assertEquals(4 * (62 + 48 + 40), a.bytes(20));
    }

    @Test
    void missingConfigKeysAreWav2Vec2Base() throws Exception {
        AudioActivations base = AudioActivations.of(new ObjectMapper().readTree("{\"conv_kernel\": []}"));
        assertEquals(320, base.hop());
        assertEquals(49, base.frames(16000), "wav2vec2-base makes 49 frames of a second at 16 kHz");
    }
}
