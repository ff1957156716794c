package dev.ganforge.service.testing;

import dev.ganforge.service.inference.OnnxGeneratorLoader;
import dev.ganforge.service.model.Generator;
import dev.ganforge.service.model.GeneratorLoader;
import dev.ganforge.service.model.ModelRejectedException;
import dev.ganforge.service.model.VerifiedRecord;
import dev.ganforge.shared.inference.SessionSettings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** The real ONNX Runtime loader, remembering every generator it made and whether it was closed. */
public final class TrackingLoader implements GeneratorLoader {

    private final GeneratorLoader real = new OnnxGeneratorLoader(
            SessionSettings.of(1, 1, "ALL_OPT", false));
    private final List<Tracked> loaded = new CopyOnWriteArrayList<>();

    @Override
    public Generator load(VerifiedRecord record) throws ModelRejectedException {
        Tracked tracked = new Tracked(record.version(), real.load(record));
        loaded.add(tracked);
        return tracked;
    }

    public List<Tracked> loaded() {
        return loaded;
    }

    /** A generator that knows whether it was closed. */
    public static final class Tracked implements Generator {
        private final long version;
        private final Generator delegate;
        private final AtomicBoolean closed = new AtomicBoolean();

        Tracked(long version, Generator delegate) {
            this.version = version;
            this.delegate = delegate;
        }

        public long version() {
            return version;
        }

        public boolean closed() {
            return closed.get();
        }

        @Override
        public float[] generate(float[] latents, long[] labels, int count) throws Exception {
            if (closed.get()) {
                throw new IllegalStateException("generator of version " + version + " used after close");
            }
            return delegate.generate(latents, labels, count);
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                throw new IllegalStateException("generator of version " + version + " closed twice");
            }
            delegate.close();
        }
    }
}
