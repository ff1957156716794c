package dev.ganforge.service.model;

import dev.ganforge.service.config.GeneratorConfig;
import dev.ganforge.service.config.TrustedKeys;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/** Wires the plain {@link ModelRegistry} into CDI; the registry itself knows nothing of Quarkus. */
@ApplicationScoped
public class ModelRegistryProducer {

    private static final Logger LOG = Logger.getLogger(ModelRegistryProducer.class);

    @Produces
    @Singleton
    ModelRegistry registry(GeneratorConfig config, GeneratorLoader loader, ModelMetrics metrics) {
        List<PublicKey> keys = TrustedKeys.from(config.trust());
        if (keys.isEmpty()) {
            LOG.warn("no trusted public keys configured (ganforge.trust.public-keys / public-key-files): "
                    + "every model record will be rejected");
        } else {
            LOG.infof("trusting model signatures of keys %s", keys.stream().map(Ed25519Keys::keyId).toList());
        }
        int retained = config.models().retainedVersions();
        if (retained < 1) {
            throw new IllegalArgumentException("ganforge.models.retained-versions must be at least 1, is " + retained);
        }
        return new ModelRegistry(new RecordVerifier(new ModelVerifier(keys)), loader, metrics, Clock.systemUTC(),
                retained);
    }

    void close(@Disposes ModelRegistry registry) {
        registry.close();
    }
}
