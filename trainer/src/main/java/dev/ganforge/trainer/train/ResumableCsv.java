package dev.ganforge.trainer.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file of a run that a resumed run continues ({@code metrics.csv}, {@code categories-on-real.csv}). Each row
 * begins with the position it belongs to, a step or an epoch. Opening keeps the rows at or before the checkpoint's
 * position and drops the rest: a run stopped or killed after its last checkpoint wrote them, and the resumed run
 * writes them again. A row with fewer fields than the header (a write cut short by a kill) is dropped too.
 */
final class ResumableCsv implements AutoCloseable {

    private final Path file;
    private final List<String> kept;
    private final BufferedWriter out;

    private ResumableCsv(Path file, List<String> kept, BufferedWriter out) {
        this.file = file;
        this.kept = kept;
        this.out = out;
    }

    /** Rewrites {@code file} as {@code header} and its rows at positions up to {@code keepThrough} (none if new). */
    static ResumableCsv open(Path file, String header, long keepThrough) throws IOException {
        List<String> kept = Files.exists(file)
                ? rows(file, header).stream().filter(row -> position(row) <= keepThrough).toList()
                : List.of();
        List<String> lines = new ArrayList<>(kept.size() + 1);
        lines.add(header);
        lines.addAll(kept);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return new ResumableCsv(file, List.copyOf(kept), Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND));
    }

    /**
     * The file's whole rows in file order: lines that start with a position and have the header's field count.
     * The header, blank lines and a row cut short by a kill are left out.
     */
    static List<String> rows(Path file, String header) throws IOException {
        int fields = header.split(",", -1).length;
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] row = line.split(",", -1);
            if (row.length >= fields && isPosition(row[0])) {
                rows.add(line);
            }
        }
        return rows;
    }

    private static long position(String row) {
        return Long.parseLong(row.substring(0, row.indexOf(',')));
    }

    /** The header line, and any other line that does not start with a number, is not a row. */
    private static boolean isPosition(String field) {
        return !field.isEmpty() && field.length() <= 18 && field.chars().allMatch(Character::isDigit);
    }

    /** The rows kept from before the checkpoint, in file order. */
    List<String> keptRows() {
        return kept;
    }

    /** Buffers one row; {@link #flush()} makes it durable. */
    void append(String row) {
        try {
            out.write(row);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
