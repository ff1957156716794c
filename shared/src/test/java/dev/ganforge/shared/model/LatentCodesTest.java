package dev.ganforge.shared.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** InfoGAN's structured latents: drawn reproducibly, chosen by clients, carried in the metadata. */
class LatentCodesTest {

    private static final LatentCodes CODES = new LatentCodes(10, 2);

    private static ModelMetadata infogan() {
        return new ModelMetadata("codes", "infogan", 74, "uniform", 0, List.of(), "image", List.of(1, 28, 28),
                "mnist", "f", "run", 5, "2026-12-04T00:00:00Z", "test", Map.of(), CODES);
    }

    @Test
    void sampledRowsEndInAOneHotCategoryAndContinuousCodesInRange() {
        float[] z = LatentSampler.sample(7, 50, infogan());
        assertArrayEquals(z, LatentSampler.sample(7, 50, infogan()), "same seed, same latents");
        int[] seen = new int[10];
        for (int i = 0; i < 50; i++) {
            float hot = 0;
            for (int k = 0; k < 10; k++) {
                float v = z[i * 74 + 62 + k];
                assertTrue(v == 0f || v == 1f);
                hot += v;
            }
            assertEquals(1f, hot, "one category per sample");
            seen[CODES.category(z, 74, i)]++;
            for (int j = 0; j < 2; j++) {
                float c = CODES.continuous(z, 74, i, j);
                assertTrue(c >= -1 && c <= 1, "c" + j + " = " + c);
            }
        }
        assertTrue(java.util.Arrays.stream(seen).filter(n -> n > 0).count() >= 8, "categories vary");
    }

    @Test
    void clientsSetCategoryAndContinuousCodesAndOutOfRangeIsRefused() {
        float[] z = LatentSampler.sample(1, 2, infogan());
        float[] noise = java.util.Arrays.copyOf(z, 62);
        CODES.set(z, 74, 0, 4, new Float[] {0.5f, null});
        assertEquals(4, CODES.category(z, 74, 0));
        assertEquals(0.5f, CODES.continuous(z, 74, 0, 0));
        assertArrayEquals(noise, java.util.Arrays.copyOf(z, 62), "the noise is kept");
        assertThrows(IllegalArgumentException.class, () -> CODES.set(z, 74, 0, 10, null));
        assertThrows(IllegalArgumentException.class, () -> CODES.set(z, 74, 0, null, new Float[] {1.5f}));
        assertThrows(IllegalArgumentException.class, () -> CODES.set(z, 74, 0, null, new Float[] {0f, 0f, 0f}));
    }

    @Test
    void aSweepHasOneRowPerCategoryOverOneNoiseWithTheChosenCodeGoingFromMinusOneToOne() {
        float[] base = LatentSampler.sample(3, 1, infogan());
        float[] z = CODES.sweep(base, 74, null, 2, 5);
        assertEquals(10 * 5 * 74, z.length);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(java.util.Arrays.copyOf(base, 62), java.util.Arrays.copyOfRange(z, i * 74, i * 74 + 62),
                    "one noise for every sample");
            assertEquals(i / 5, CODES.category(z, 74, i));
            assertEquals(-1f + 2f * (i % 5) / 4, CODES.continuous(z, 74, i, 1), 1e-6f);
            assertEquals(0f, CODES.continuous(z, 74, i, 0));
        }
        assertEquals(5 * 74, CODES.sweep(base, 74, 7, 1, 5).length, "one row for a chosen category");
        assertThrows(IllegalArgumentException.class, () -> CODES.sweep(base, 74, null, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> CODES.sweep(base, 74, null, 1, 1));
    }

    @Test
    void metadataCarriesTheCodesThroughJsonAndOnnxPropertiesAndOthersHaveNone() {
        ModelMetadata md = infogan();
        assertEquals(CODES, ModelMetadata.fromJson(md.toJson()).latentCodes());
        assertEquals(md, ModelMetadata.fromOnnxProperties(md.toOnnxProperties()));
        ModelMetadata plain = new ModelMetadata("p", "dcgan", 100, "normal", 0, List.of(), "image",
                List.of(1, 28, 28), "mnist", "f", "run", 5, "t", "test", Map.of());
        assertNull(ModelMetadata.fromJson(plain.toJson()).latentCodes());
        assertTrue(!plain.toJson().contains("latentCodes"), "absent, not null, for every other model");
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("x", "infogan", 12, "uniform", 0,
                List.of(), "image", List.of(1, 28, 28), "mnist", "f", "run", 5, "t", "test", Map.of(), CODES));
    }
}
