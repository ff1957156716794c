package dev.ganforge.service.api;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Writes floats with Jackson's Schubfach writer instead of the JDK 17 {@code Float.toString}: a JSON sample is
 * hundreds of floats, and their formatting was the largest Java hot spot of a JSON request in the profile
 * (the lab notebook in docs/benchmarks.md's git history). Every float still reads back to exactly the same value.
 */
@Singleton
public class FastFloatJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    }
}
