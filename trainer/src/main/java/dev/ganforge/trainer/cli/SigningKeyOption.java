package dev.ganforge.trainer.cli;

import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.trainer.pipeline.SigningKeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --key}: which private key signs; shared by publish and worker. */
public final class SigningKeyOption {

    @Option(names = "--key", paramLabel = "FILE",
            description = "Private signing key (PEM). Default: $" + SigningKeyFiles.ENV
                    + " (PEM text), else $GANFORGE_HOME/keys/" + SigningKeyFiles.PRIVATE_FILE + ".")
    Path key;

    public ModelSigner signer() throws IOException {
        if (key == null && System.getenv(SigningKeyFiles.ENV) == null) {
            Path fallback = GanforgeHome.resolve().dir().resolve("keys").resolve(SigningKeyFiles.PRIVATE_FILE);
            if (Files.exists(fallback)) {
                return SigningKeyFiles.signer(fallback);
            }
        }
        return SigningKeyFiles.signer(key);
    }
}
