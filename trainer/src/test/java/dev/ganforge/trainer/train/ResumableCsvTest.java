package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumableCsvTest {

    @TempDir
    Path tmp;

    @Test
    void aNewFileHasOnlyTheHeader() throws Exception {
        Path file = tmp.resolve("new.csv");
        try (ResumableCsv csv = ResumableCsv.open(file, "step,loss", 0)) {
            assertEquals(List.of(), csv.keptRows());
        }
        assertEquals(List.of("step,loss"), Files.readAllLines(file));
    }

    @Test
    void reopeningKeepsTheRowsUpToTheCheckpointAndContinuesAfterThem() throws Exception {
        Path file = tmp.resolve("log.csv");
        try (ResumableCsv csv = ResumableCsv.open(file, "step,loss", 0)) {
            for (int step = 1; step <= 5; step++) {
                csv.append(step + ",0." + step);
            }
        }
        try (ResumableCsv csv = ResumableCsv.open(file, "step,loss", 3)) {
            assertEquals(List.of("1,0.1", "2,0.2", "3,0.3"), csv.keptRows());
            csv.append("4,0.9");
            csv.flush();
            assertEquals(List.of("step,loss", "1,0.1", "2,0.2", "3,0.3", "4,0.9"), Files.readAllLines(file));
        }
    }

    @Test
    void aRowCutShortByAKillAndBlankLinesAreDropped() throws Exception {
        Path file = tmp.resolve("cut.csv");
        Files.writeString(file, "step,loss,rate\n1,0.1,5\n\n2,0.2");
        try (ResumableCsv csv = ResumableCsv.open(file, "step,loss,rate", 10)) {
            assertEquals(List.of("1,0.1,5"), csv.keptRows());
        }
        assertEquals(List.of("step,loss,rate", "1,0.1,5"), Files.readAllLines(file));
    }

    @Test
    void theHeaderIsTheCurrentOneEvenWhenTheFileHadAnother() throws Exception {
        Path file = tmp.resolve("old.csv");
        Files.writeString(file, "step,old\n1,7\n");
        try (ResumableCsv csv = ResumableCsv.open(file, "step,new", 1)) {
            assertEquals(List.of("1,7"), csv.keptRows());
        }
        assertEquals("step,new", Files.readAllLines(file).get(0));
    }
}
