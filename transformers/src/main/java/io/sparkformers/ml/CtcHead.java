package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.AudioActivations;
import io.sparkformers.batch.ChunkedAudioInput;
import io.sparkformers.batch.Input;
import io.sparkformers.head.CtcDecoder;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * CTC transcription, as transformers' ASR pipeline decodes it: a whole clip's frames argmaxed and decoded; a chunk's
 * frames without its left/right strides (rescaled with Python's round-half-even), the chunks of a clip concatenated
 * and then decoded once.
 *
 * @param skip whether special tokens are left out of the transcript
 */
record CtcHead(boolean skip) implements Head.Factory<ChunkedAudioInput.Piece> {
    @Override
    public Head<ChunkedAudioInput.Piece> create(
            ModelDirectory model,
            OnnxModel session,
            Configuration conf,
            Input<? extends ChunkedAudioInput.Piece> input) {
        CtcDecoder ctc = new CtcDecoder(model, model.localDir(conf));
        String logits = ModelStage.outputOr(session, Head.LOGITS);
        AudioActivations activations = AudioInput.activations(model);
        return new Head<>() {
            @Override
            public Set<String> outputs() {
                return Set.of(logits);
            }

            /** A whole clip's transcript, or a chunk's token ids without its strides (for {@link #merge}). */
            @Override
            public List<Object[]> decode(OrtSession.Result result, List<? extends ChunkedAudioInput.Piece> items)
                    throws OrtException {
                Outputs.Batch batch = Outputs.floats(result, logits);
                int frames = (int) batch.shape()[1];
                int vocab = (int) batch.shape()[2];
                List<Object[]> out = new ArrayList<>(items.size());
                for (int r = 0; r < items.size(); r++) {
                    ChunkedAudioInput.Piece p = items.get(r);
                    int own = Math.min(frames, activations.frames(p.length()));
                    if (!p.chunk()) {
                        int[] ids = CtcDecoder.argmax(batch.data(), r * frames, 0, own, vocab);
                        out.add(new Object[] {ctc.decode(ids, skip)});
                    } else {
                        int[] s = ChunkedAudioInput.rescale(p.length(), p.left(), p.right(), activations.hop());
                        int to = Math.min(own, s[0] - s[2]);
                        out.add(new Object[] {CtcDecoder.argmax(batch.data(), r * frames, Math.min(s[1], to), to, vocab)
                        });
                    }
                }
                return out;
            }

            @Override
            public Object[] merge(ChunkedAudioInput.Piece clip, List<Object[]> pieces) {
                int total = 0;
                for (Object[] p : pieces) {
                    total += ((int[]) p[0]).length;
                }
                int[] all = new int[total];
                int at = 0;
                for (Object[] p : pieces) {
                    int[] ids = (int[]) p[0];
                    System.arraycopy(ids, 0, all, at, ids.length);
                    at += ids.length;
                }
                return new Object[] {ctc.decode(all, skip)};
            }
        };
    }
}
