package org.tiangong.collector.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a YAML file into a record tree with Jackson. Unknown keys, wrong types and missing required values fail
 * with a {@link ConfigException} naming the file, the line and the key path (e.g. {@code lines[1].machines[0].kind}).
 * Semantic checks that Jackson cannot do are the caller's, through {@link ConfigException#at}.
 */
public final class YamlConfigLoader {

    private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
            .findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    public <T> T load(Path file, Class<T> type) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), type);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a classpath resource, e.g. the default plant shipped in the jar. */
    public <T> T loadResource(String resource, Class<T> type) {
        InputStream in = YamlConfigLoader.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new ConfigException("classpath:" + resource + ": not found");
        try (in) {
            return read(in, "classpath:" + resource, type);
        } catch (IOException e) {
            throw new ConfigException("classpath:" + resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    private <T> T read(InputStream in, String name, Class<T> type) throws IOException {
        try {
            T value = mapper.readValue(in, type);
            if (value == null) throw new ConfigException(name + ": the file is empty");
            return value;
        } catch (JsonMappingException e) {
            throw ConfigException.at(name, line(e.getLocation()), keyPath(e), problem(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    name + ":" + line(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? -1 : location.getLineNr();
    }

    private static String keyPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.startsWith(".") ? path.substring(1) : (path.isEmpty() ? "(root)" : path);
    }

    private static String problem(JsonMappingException e) {
        String msg = e.getOriginalMessage();
        // Jackson appends "(class ...)" details that mean nothing to an operator; keep the first sentence.
        int cut = msg.indexOf(" (");
        if (cut > 0 && msg.startsWith("Unrecognized field")) msg = msg.substring(0, cut);
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) msg = cause.getMessage();
        return msg;
    }
}
