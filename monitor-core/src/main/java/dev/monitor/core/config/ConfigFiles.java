package dev.monitor.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads a configuration document: JSON when the file ends in {@code .json}, else YAML. */
public final class ConfigFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFiles() {
    }

    /**
     * The document in {@code file}.
     *
     * @throws ConfigException when the file cannot be read or parsed, naming the line and column
     */
    public static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
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
}
