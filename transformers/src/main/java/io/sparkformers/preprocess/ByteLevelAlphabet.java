package io.sparkformers.preprocess;

import java.util.HashMap;
import java.util.Map;

/**
 * GPT-2's {@code bytes_to_unicode}: the printable stand-in for each byte that byte-level BPE vocabularies use
 * (space is "Ġ", newline "Ċ"), and its inverse.
 */
final class ByteLevelAlphabet {
    static final Map<Integer, Integer> BYTE_OF = new HashMap<>();

    static {
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            int cp = printable ? b : 256 + n++;
            BYTE_OF.put(cp, b);
        }
    }

    private ByteLevelAlphabet() {}
}
