package dev.ganforge.shared.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG bytes of an image, via the JDK's own encoder, tuned for request bodies (measured in the lab notebook in
 * docs/benchmarks.md's git history):
 * <ul>
 *   <li>buffered in memory: {@code ImageIO.write} to an {@code OutputStream} caches through a temporary file
 *       by default, several times slower than encoding in memory, for the same bytes;</li>
 *   <li>deflate level {@value #DEFLATE_LEVEL} instead of the writer's 4: clearly faster for a few percent more
 *       bytes.</li>
 * </ul>
 */
final class PngEncoder {

    static final int DEFLATE_LEVEL = 1;

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no PNG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), fastCompression(writer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The JDK's PNG writer turns quality q into deflate level {@code 9 - round(9 q)}. */
    private static ImageWriteParam fastCompression(ImageWriter writer) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality((9 - DEFLATE_LEVEL) / 9f);
        return param;
    }
}
