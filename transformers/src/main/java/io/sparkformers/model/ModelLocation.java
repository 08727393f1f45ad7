package io.sparkformers.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Where an export directory lives: any Hadoop FileSystem URI ({@code file:}, {@code hdfs:}, {@code s3a:}; no
 * scheme means the local file system) or {@code classpath:prefix}. Lists the directory's top-level files and opens
 * them; knows nothing about what the files mean.
 */
public abstract class ModelLocation {
    public static final String CLASSPATH = "classpath:";

    /** File name to size in bytes, top level only. */
    public abstract Map<String, Long> files();

    /** A file of the directory, or of a subdirectory of it ({@code 1_Pooling/config.json}). */
    public abstract InputStream open(String name) throws IOException;

    /**
     * A fingerprint that changes when the directory's content changes: names, sizes and the file system's checksum
     * (HDFS, S3 ETags) or modification time. Cheap on multi-GB models, unlike hashing every byte on the driver.
     */
    public abstract String fingerprint();

    public abstract String uri();

    @Override
    public String toString() {
        return uri();
    }

    public static ModelLocation of(String uri, Configuration conf) {
        if (uri == null || uri.isBlank()) {
            throw new ModelException(
                    "model path is empty: set modelPath to an export directory (file:, hdfs:, s3a: or classpath:)");
        }
        if (uri.startsWith(CLASSPATH)) {
            return new ClasspathLocation(uri);
        }
        return new HadoopLocation(uri, conf);
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Owner/name with no scheme, as a Hugging Face Hub id is written ("facebook/convnext-tiny-224"). */
    private static final java.util.regex.Pattern HUB_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9][\\w.-]*/[A-Za-z0-9][\\w.-]*");

    /** How to turn a path that looks like a Hub id into what the stages read; empty for other paths. */
    static String hubHint(String uri) {
        return HUB_ID.matcher(uri).matches()
                ? "; it looks like a Hugging Face Hub id: the stages read an ONNX export, so export it first ("
                        + "optimum-cli export onnx --model " + uri + " DIR, README \"Exporting models\") and give DIR"
                : "";
    }

    static final class HadoopLocation extends ModelLocation {
        private final String uri;
        private final org.apache.hadoop.fs.Path path;
        private final FileSystem fs;
        private final Map<String, FileStatus> statuses = new LinkedHashMap<>();

        HadoopLocation(String uri, Configuration conf) {
            this.uri = uri;
            this.path = new org.apache.hadoop.fs.Path(uri);
            try {
                this.fs = path.getFileSystem(conf == null ? new Configuration() : conf);
                if (!fs.exists(path)) {
                    throw new ModelException("model directory " + uri + " does not exist" + hubHint(uri));
                }
                if (!fs.getFileStatus(path).isDirectory()) {
                    throw new ModelException("model path " + uri
                            + " is a file; give the export directory that holds model.onnx and config.json");
                }
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, false);
                while (it.hasNext()) {
                    LocatedFileStatus st = it.next();
                    statuses.put(st.getPath().getName(), st);
                }
            } catch (IOException e) {
                throw new ModelException("cannot list model directory " + uri + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Map<String, Long> files() {
            Map<String, Long> out = new LinkedHashMap<>();
            statuses.forEach((name, st) -> out.put(name, st.getLen()));
            return out;
        }

        @Override
        public InputStream open(String name) throws IOException {
            FileStatus st = statuses.get(name);
            if (st == null && name.contains("/")) {
                // A module's file in a subdirectory (a sentence-transformers folder's 1_Pooling/config.json).
                return fs.open(new org.apache.hadoop.fs.Path(path, name));
            }
            if (st == null) {
                throw new FileNotFoundException(uri + "/" + name);
            }
            return fs.open(st.getPath());
        }

        @Override
        public String fingerprint() {
            StringBuilder sb = new StringBuilder(fs.makeQualified(path).toString());
            for (FileStatus st : statuses.values()) {
                sb.append('\n')
                        .append(st.getPath().getName())
                        .append(' ')
                        .append(st.getLen())
                        .append(' ');
                String checksum = null;
                try {
                    var c = fs.getFileChecksum(st.getPath());
                    checksum = c == null ? null : HexFormat.of().formatHex(c.getBytes());
                } catch (IOException | UnsupportedOperationException e) {
                    checksum = null;
                }
                sb.append(checksum != null ? checksum : Long.toString(st.getModificationTime()));
            }
            return sha256(sb.toString());
        }

        @Override
        public String uri() {
            return uri;
        }
    }

    /** A resource folder on the classpath, in a directory or a jar. */
    static final class ClasspathLocation extends ModelLocation {
        private final String uri;
        private final String prefix;
        private final Map<String, Long> files = new LinkedHashMap<>();
        private String fingerprint;

        ClasspathLocation(String uri) {
            this.uri = uri;
            String p = uri.substring(CLASSPATH.length());
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
            ClassLoader cl = loader();
            try {
                Enumeration<URL> roots = cl.getResources(prefix);
                while (roots.hasMoreElements()) {
                    list(roots.nextElement());
                }
            } catch (IOException e) {
                throw new ModelException("cannot list classpath model directory " + uri + ": " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new ModelException("model directory " + uri + " does not exist on the classpath");
            }
        }

        private static ClassLoader loader() {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            return cl != null ? cl : ModelLocation.class.getClassLoader();
        }

        private void list(URL root) throws IOException {
            if ("file".equals(root.getProtocol())) {
                try (Stream<Path> s = Files.list(Path.of(root.toURI()))) {
                    for (Path f : (Iterable<Path>) s::iterator) {
                        if (Files.isRegularFile(f)) {
                            files.putIfAbsent(f.getFileName().toString(), Files.size(f));
                        }
                    }
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            } else if ("jar".equals(root.getProtocol())) {
                JarURLConnection conn = (JarURLConnection) root.openConnection();
                conn.setUseCaches(false);
                try (JarFile jar = conn.getJarFile()) {
                    for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                        JarEntry e = en.nextElement();
                        String n = e.getName();
                        if (!e.isDirectory() && n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0) {
                            files.putIfAbsent(n.substring(prefix.length()), e.getSize());
                        }
                    }
                }
            }
        }

        @Override
        public Map<String, Long> files() {
            return files;
        }

        @Override
        public InputStream open(String name) throws IOException {
            InputStream in = loader().getResourceAsStream(prefix + name);
            if (in == null) {
                throw new FileNotFoundException(uri + "/" + name);
            }
            return in;
        }

        // Classpath content does not change while the JVM runs: each (directory, listing) is hashed once, not on every
        // open (a SQL query opens its models each time it is analysed).
        private static final ConcurrentHashMap<String, String> HASHED = new ConcurrentHashMap<>();

        @Override
        public synchronized String fingerprint() {
            if (fingerprint == null) {
                fingerprint = HASHED.computeIfAbsent(uri + "\n" + files, k -> hash());
            }
            return fingerprint;
        }

        private String hash() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                List<String> names = new ArrayList<>(files.keySet());
                Collections.sort(names);
                byte[] buf = new byte[1 << 16];
                for (String n : names) {
                    md.update(n.getBytes(StandardCharsets.UTF_8));
                    try (InputStream in = open(n)) {
                        for (int r; (r = in.read(buf)) > 0; ) {
                            md.update(buf, 0, r);
                        }
                    }
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String uri() {
            return uri;
        }
    }
}
