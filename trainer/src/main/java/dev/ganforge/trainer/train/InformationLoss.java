package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ganforge.shared.model.LatentCodes;

/**
 * InfoGAN's mutual-information term for one batch whose latent codes are known: the negative of the variational
 * lower bound L_I(G, Q) = E[log Q(c | G(z, c))] + H(c), up to the constant entropy. Q's estimates are the columns of
 * D's output after the real/fake logit: the category logits (a softmax, so the term is a cross-entropy) and the
 * continuous codes' means (a factored Gaussian of unit variance, so the term is ½·(c − μ)² per code).
 *
 * @param category   one-hot category of every sample, {@code [N, categories]}
 * @param continuous the continuous codes, {@code [N, continuous]}
 */
record InformationLoss(LatentCodes codes, NDArray category, NDArray continuous) {

    /** The codes of a batch, read back from its latents ({@code [noise | one-hot | continuous]} rows). */
    static InformationLoss of(LatentCodes codes, float[] z, int batch, int latentSize, NDManager scope) {
        float[] oneHot = new float[batch * codes.categories()];
        float[] values = new float[batch * codes.continuous()];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(z, i * latentSize + latentSize - codes.size(), oneHot, i * codes.categories(),
                    codes.categories());
            System.arraycopy(z, i * latentSize + latentSize - codes.continuous(), values, i * codes.continuous(),
                    codes.continuous());
        }
        return new InformationLoss(codes, scope.create(oneHot, new Shape(batch, codes.categories())),
                scope.create(values, new Shape(batch, codes.continuous())));
    }

    /** λ_cat·CE(category) + λ_cont·Σ ½(c − μ)², batch means; the quantity both players minimise. */
    NDArray of(NDArray out, float categoricalWeight, float continuousWeight) {
        int k = codes.categories();
        NDArray logits = out.get(":, 1:" + (1 + k));
        NDArray crossEntropy = logits.logSoftmax(1).mul(category).sum(new int[] {1}).neg().mean();
        NDArray term = crossEntropy.mul(categoricalWeight);
        if (codes.continuous() > 0) {
            NDArray means = out.get(":, " + (1 + k) + ":");
            NDArray nll = means.sub(continuous).square().sum(new int[] {1}).mean().mul(0.5f);
            term = term.add(nll.mul(continuousWeight));
        }
        return term;
    }

    /** Q's category probabilities for every row of D's output (on any images, real ones included), {@code [N, K]}. */
    NDArray categoryProbabilities(NDArray out) {
        return out.get(":, 1:" + (1 + codes.categories())).softmax(1);
    }

    /** D's real/fake logit, the first column, {@code [N, 1]}. */
    static NDArray logit(NDArray out) {
        return out.get(":, 0:1");
    }
}
