package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.data.IdxImages;
import dev.ganforge.trainer.data.IdxWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsCommandTest extends EmptyHomeTest {

    @TempDir
    Path idx;

    @BeforeEach
    void setUp() {
        System.setProperty("java.awt.headless", "true");
        byte[] pixels = new byte[30 * 4 * 4];
        byte[] labels = new byte[30];
        for (int k = 0; k < 30; k++) {
            labels[k] = (byte) (k % 3);
            java.util.Arrays.fill(pixels, k * 16, k * 16 + 16, (byte) 255);
        }
        IdxWriter.writeImages(idx.resolve("train-images-idx3-ubyte.gz"), new IdxImages(30, 4, 4, pixels));
        IdxWriter.writeLabels(idx.resolve("train-labels-idx1-ubyte.gz"), labels);
    }

    @Test
    void listShowsMissingDatasetsWithTheirFetchCommand() {
        CliRun run = CliRun.of("datasets", "list");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("mnist") && l.contains("datasets fetch mnist")),
                run.out());
        assertTrue(run.out().contains("curves"), run.out());
    }

    @Test
    void infoDescribesAnIdxDirectory() {
        CliRun run = CliRun.of("datasets", "info", "idx:" + idx);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("#held-out"), run.out());
        assertTrue(run.out().contains("images 1x4x4"), run.out());
        assertTrue(run.out().contains("mean pixel 1.0000"), run.out());
        assertTrue(run.out().matches("(?s).*sha256 [0-9a-f]{64}.*"), run.out());
    }

    @Test
    void previewWritesAGridPng() throws IOException {
        Path png = home.resolve("out/preview.png");
        CliRun run = CliRun.of("datasets", "preview", "idx:" + idx, "-o", png.toString(), "-n", "4", "--scale", "1");
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        // 4 tiles of 4x4 in a 2x2 grid with 2 px padding
        assertEquals(2 * 4 + 3 * 2, image.getWidth());
        assertEquals(255, image.getRaster().getSample(2, 2, 0));
    }
}
