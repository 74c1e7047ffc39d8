package dev.monitor.console.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.temporal.TemporalAccessor;

/** The console's JSON: records and collections as Jackson writes them, {@code java.time} values as ISO-8601 text. */
final class Json {
    private Json() {
    }

    static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("iso-time");
        time.addSerializer(TemporalAccessor.class, new ToText<>());
        time.addSerializer(java.time.Duration.class, new ToText<>());
        return new ObjectMapper().registerModule(time);
    }

    private static final class ToText<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value.toString());
        }
    }
}
