package dev.durablehooks.durable.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The project's one JSON mapper setup for user and service data: java.time support, ISO dates, unknown properties ignored. */
public final class Json {
    private Json() {
    }

    /** A new, fully configured mapper. Create one per component at startup and share it (mappers are thread-safe). */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder(newFactory())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * The JSON factory every mapper of the project is built on. Its buffer pool is shared by all threads: Jackson's
     * default pool is per thread, and with a new virtual thread per request every parse and write would allocate
     * fresh buffers (several KiB each) and never reuse them.
     */
    public static JsonFactory newFactory() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    }
}
