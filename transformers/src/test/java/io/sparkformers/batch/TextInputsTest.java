package io.sparkformers.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.runtime.TensorStaging;
import io.sparkformers.testing.Fixtures;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The text inputs whose rows become several model rows: a question's windows and a prompt's choices — what they
 * refuse, the pieces they split a row into, how the pieces are batched, and the truncation flag they answer.
 */
class TextInputsTest {
    static final Set<String> INPUTS = Set.of(TextBatchInput.INPUT_IDS, TextBatchInput.ATTENTION_MASK);

    static Path qaModel() {
        return Fixtures.models("question-answering").get(0);
    }

    static ModelDirectory open(Path model) {
        return ModelDirectory.open(model.toString(), new Configuration());
    }

    static String longText() {
        return Fixtures.json(Fixtures.root().resolve("inputs/texts.json"))
                .path("texts")
                .path("long")
                .asText();
    }

    static QuestionWindowsInput windows(int limit, int stride, boolean windows, boolean flag) {
        TextTokenizer t = TextTokenizer.forModel(open(qaModel()), qaModel(), limit, "only_second", stride);
        return new QuestionWindowsInput(t, 0, 1, windows, INPUTS, flag);
    }

    @Test
    void aQuestionIsRefusedWithoutBothTexts() {
        QuestionWindowsInput in = windows(64, 16, true, false);
        assertRefused(in, RowFactory.create(null, "context"), "null input (question or context)");
        assertRefused(in, RowFactory.create("question?", null), "null input (question or context)");
        assertRefused(in, RowFactory.create("question?", "  "), "empty context");
        assertRefused(in, RowFactory.create(" ", "a context"), "empty question");
    }

    @Test
    void aLongContextIsOnePiecePerWindowAndTheFlagSaysWhetherItWasCut() throws Exception {
        Row row = RowFactory.create("What is free software?", longText());
        QuestionWindowsInput all = windows(64, 16, true, true);
        TextPiecesInput.Texts w = all.prepare(row);
        assertTrue(w.texts().size() > 2, "windows: " + w.texts().size());
        List<TextPiecesInput.Texts> pieces = all.split(w);
        assertEquals(w.texts().size(), pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            assertSame(w.texts().get(i), pieces.get(i).first());
            assertEquals(w.texts().get(i).length(), all.sortKey(pieces.get(i)));
        }
        assertArrayEquals(new Object[] {false}, all.trailing(w), "windows cut nothing");
        QuestionWindowsInput first = windows(64, 0, false, true);
        TextPiecesInput.Texts one = first.prepare(row);
        assertEquals(1, one.texts().size());
        assertArrayEquals(new Object[] {true}, first.trailing(one), "without windows the context was cut");
        assertArrayEquals(new Object[] {false}, first.trailing(first.prepare(RowFactory.create("Who?", "Nobody."))));
        assertSame(Input.NO_COLUMNS, windows(64, 16, true, false).trailing(w), "no flag asked for");
    }

    /**
     * The room a question leaves the context: refused when it is no more than the stride (Rust's tokenizers assert
     * the stride is below it and abort the JVM), accepted one token above, and never checked for a pair that fits.
     */
    @Test
    void theContextNeedsMoreRoomThanTheStride() throws Exception {
        String question = "What does the license guarantee to its users?";
        String context = longText();
        ModelDirectory dir = open(qaModel());
        TextTokenizer measure = TextTokenizer.forModel(dir, qaModel(), 1_000_000);
        TextTokenizer.Encoded pair = measure.encodePair(question, context);
        long second = Arrays.stream(pair.sequenceIds()).filter(s -> s == 1).count();
        int limit = 64;
        int room = (int) (limit - (pair.length() - second));
        assertTrue(room > 2, "room " + room);
        TextTokenizer tooMuch = TextTokenizer.forModel(dir, qaModel(), limit, "only_second", room);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> tooMuch.encodeWindows(question, context));
        assertTrue(e.getMessage().contains("leaves no room for the context in a window of " + limit), e.getMessage());
        assertTrue(e.getMessage().contains("(" + room + " tokens left for the context"), e.getMessage());
        TextTokenizer justFits = TextTokenizer.forModel(dir, qaModel(), limit, "only_second", room - 1);
        assertTrue(justFits.encodeWindows(question, context).size() > 1);
        // A pair exactly as long as the window is not cut, whatever the stride.
        String shortContext = "Software is free.";
        int exact = measure.encodePair(question, shortContext).length();
        TextTokenizer whole = TextTokenizer.forModel(dir, qaModel(), exact, "only_second", exact - 1);
        assertEquals(1, whole.encodeWindows(question, shortContext).size());
        // A tokenizer that does not cut the second text alone measures nothing first.
        assertFalse(TextTokenizer.forModel(dir, qaModel(), 64)
                .encodeWindows(question, context)
                .isEmpty());
    }

    @Test
    void aPromptsChoicesArePiecesOfOneChoiceEach() throws Exception {
        Path text = Fixtures.models("text-classification").get(0);
        TextTokenizer t = TextTokenizer.forModel(open(text), text, 0);
        ChoicesInput in = new ChoicesInput(t, 0, 1, INPUTS, true);
        assertRefused(in, RowFactory.create(null, seq(List.of("a"))), "null input (prompt or choices)");
        assertRefused(in, RowFactory.create("prompt", null), "null input (prompt or choices)");
        assertRefused(in, RowFactory.create("prompt", seq(List.of())), "no choices");
        assertRefused(in, RowFactory.create("prompt", seq(Arrays.asList("a", null))), "null choice");
        TextPiecesInput.Texts row =
                in.prepare(RowFactory.create("Pick one:", seq(List.of("yes", "a much longer answer"))));
        assertEquals(2, row.texts().size());
        assertEquals("a much longer answer", row.texts().get(1).second());
        List<TextPiecesInput.Texts> pieces = in.split(row);
        assertEquals(2, pieces.size());
        assertArrayEquals(new Object[] {false}, in.trailing(row));
        Map<String, OnnxTensor> feed = in.collate(pieces, 3, new TensorStaging());
        int longest = Math.max(row.texts().get(0).length(), row.texts().get(1).length());
        assertArrayEquals(
                new long[] {3, 1, longest},
                feed.get(TextBatchInput.INPUT_IDS).getInfo().getShape(),
                "[rows, one choice, tokens]");
        feed.values().forEach(OnnxTensor::close);
    }

    /** An array column's value as Spark hands it to a row: a Scala Seq. */
    static Object seq(List<String> values) {
        return ScalaCollections.seq(values);
    }

    static void assertRefused(Input<?> in, Row row, String why) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> in.prepare(row));
        assertEquals(why, e.getMessage());
    }
}
