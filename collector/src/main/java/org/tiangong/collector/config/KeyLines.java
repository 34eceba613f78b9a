package org.tiangong.collector.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML file is, so that errors found after Jackson has built the records (semantic checks)
 * can name the line as Jackson's own errors do. Keys are written as in error messages:
 * {@code endpoints[0].machines[2].signals.state}.
 */
public final class KeyLines {

    private static final KeyLines NONE = new KeyLines(Map.of());

    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** For configs that did not come from a file (e.g. generated for the simulator). */
    public static KeyLines none() {
        return NONE;
    }

    /**
     * Reads the key positions of {@code file}. A file that does not parse gives no lines: Jackson reports that
     * error itself, with its line, when the file is loaded.
     */
    public static KeyLines of(Path file) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                // the first token with a given pointer is where that key (or array element) starts
                if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    lines.putIfAbsent(
                            p.getParsingContext().pathAsPointer().toString(),
                            p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return new KeyLines(Map.copyOf(lines));
    }

    /** The line of {@code key}, else of its nearest enclosing key that has one; -1 when none is known. */
    public int lineOf(String key) {
        String pointer = toPointer(key);
        while (!pointer.isEmpty()) {
            Integer line = lines.get(pointer);
            if (line != null) return line;
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
        return -1;
    }

    /** {@code endpoints[0].url} → {@code /endpoints/0/url} (JSON Pointer, as Jackson prints paths). */
    static String toPointer(String key) {
        StringBuilder sb = new StringBuilder();
        for (String part : key.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            sb.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) break;
                sb.append('/').append(part, bracket + 1, close);
                bracket = part.indexOf('[', close);
            }
        }
        return sb.toString();
    }
}
