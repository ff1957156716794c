package dev.ganforge.service.model;

import dev.ganforge.service.testing.RejectionLog;
import dev.ganforge.service.testing.TestKeys;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.service.testing.TrackingLoader;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.model.ModelMetadata;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** A registry over real ONNX Runtime loads, keeping few versions, and what the registry tests look at. */
abstract class RegistryFixture {

    static final ModelMetadata DIGITS = TestModels.imageMetadata("digits", 0);
    /** Small, so a handful of versions is enough to evict some. */
    static final int RETAINED = 2;

    final TrackingLoader loader = new TrackingLoader();
    final RejectionLog rejections = new RejectionLog();
    final ModelRegistry registry = new ModelRegistry(new RecordVerifier(TestKeys.verifier()), loader, rejections,
            Clock.systemUTC(), RETAINED);

    @AfterEach
    void close() {
        registry.close();
    }

    List<VersionState> states() {
        return registry.model("digits").versions().stream().map(ModelVersionView::state).toList();
    }

    /** Versions whose ORT session is still open, oldest first. */
    List<Long> openVersions() {
        return loader.loaded().stream().filter(generator -> !generator.closed())
                .map(TrackingLoader.Tracked::version).sorted().toList();
    }

    static ModelRecord version(long version) {
        return TestModels.signed(DIGITS, version, TestModels.imageModel(DIGITS, (int) version));
    }
}
