package io.sparkformers.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's Pillow 9.4.0, the reference decoder and resizer the image tests compare with, run as a script. */
public final class Pillow {
    private Pillow() {}

    /**
     * A Python script for Debian's Pillow 9.4.0 (the fixtures' version, asserted): {@code sys}, {@code Image}, a
     * {@code reference(path, im)} that writes {@code path.rgb} and {@code path.size}, then {@code body}.
     */
    public static String script(String... body) {
        return String.join(
                "\n",
                "import sys, PIL",
                "from PIL import Image",
                "assert PIL.__version__ == '9.4.0', PIL.__version__",
                "def reference(path, im):",
                "    # What a decode test compares with: Pillow's RGB bytes of the image and its size and mode.",
                "    open(path + '.rgb', 'wb').write(im.convert('RGB').tobytes())",
                "    open(path + '.size', 'w').write(f'{im.size[0]} {im.size[1]} {im.mode}')",
                String.join("\n", body));
    }

    public static String python() throws Exception {
        String python = Tools.executable("python3-pil", "/usr/bin/python3");
        Process p = new ProcessBuilder(python, "-c", "import PIL.Image")
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? python : Tools.unavailable("python3-pil", "does not import: " + log.strip());
    }

    public static void run(String python, Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
    }
}
