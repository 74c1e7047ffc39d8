package dev.monitor.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a configuration document: JSON when the file ends in {@code .json}, else YAML. A file of
 * more than {@link #MAX_BYTES} is refused by its size before any of it is parsed, so no scalar or
 * document can be larger; up to that size, a file with 100,000 alarms is read (SnakeYAML's own
 * default limit of 3 MB would refuse it).
 */
public final class ConfigFiles {
    /** The largest configuration file read: 64 MiB. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private ConfigFiles() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES); // code points are never more than bytes
        return options;
    }

    /**
     * The document in {@code file}, as the root node of its settings; problems found while reading
     * the settings go to {@code problems}.
     *
     * @throws ConfigException when the file cannot be read, is larger than {@link #MAX_BYTES} or
     *                         cannot be parsed, naming the line and column
     */
    public static ConfigNode read(Path file, List<String> problems) {
        return ConfigNode.rootOfTree(read(file), problems);
    }

    /** The document in {@code file} as a tree; see {@link #read(Path, List)}. */
    static JsonNode read(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw tooLarge(file, size + " bytes");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1); // a special file may not know its size
            }
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(file, "more than " + MAX_BYTES + " bytes");
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("(file): does not exist"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("(file): cannot be read: " + e.getMessage()));
        }
        ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? JSON : YAML;
        try {
            JsonNode node = mapper.readTree(text);
            return node == null ? JSON.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "(document)" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(file.toString(), List.of(where + ": not valid " + (mapper == JSON ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage()));
        }
    }

    private static ConfigException tooLarge(Path file, String size) {
        return new ConfigException(file.toString(), List.of("(file): is " + size + ", more than the limit of "
                + MAX_BYTES + " bytes (64 MiB) for a configuration file; nothing of it was read"));
    }
}
