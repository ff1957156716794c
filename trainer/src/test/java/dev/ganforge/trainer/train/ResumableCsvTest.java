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
        Reopened reopened = reopen("step,loss,rate\n1,0.1,5\n\n2,0.2", "step,loss,rate", 10);
        assertEquals(List.of("1,0.1,5"), reopened.kept());
        assertEquals(List.of("step,loss,rate", "1,0.1,5"), reopened.lines());
    }

    @Test
    void theHeaderIsTheCurrentOneEvenWhenTheFileHadAnother() throws Exception {
        Reopened reopened = reopen("step,old\n1,7\n", "step,new", 1);
        assertEquals(List.of("1,7"), reopened.kept());
        assertEquals(List.of("step,new", "1,7"), reopened.lines());
    }

    private record Reopened(List<String> kept, List<String> lines) {
    }

    /** Opens a file that held {@code before}: the rows it kept, and the file's lines after. */
    private Reopened reopen(String before, String header, long keepThrough) throws Exception {
        Path file = Files.writeString(tmp.resolve("before.csv"), before);
        List<String> kept;
        try (ResumableCsv csv = ResumableCsv.open(file, header, keepThrough)) {
            kept = csv.keptRows();
        }
        return new Reopened(kept, Files.readAllLines(file));
    }
}
