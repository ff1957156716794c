package dev.ganforge.trainer.nn;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.ganforge.trainer.nn.layer.Relu;
import dev.ganforge.trainer.nn.layer.Reshape;

/** Generator beginnings that several seeds' networks share, written once. */
final class GeneratorStems {

    private GeneratorStems() {
    }

    /**
     * The MNIST generators' dense stem: {@code Linear(1024) → BatchNorm → Relu → Linear(128·7·7) → BatchNorm → Relu
     * → Reshape(128, 7, 7)}, ready for two stride-2 upsamplings to 28×28.
     */
    static SequentialBlock denseTo7x7(SequentialBlock generator) {
        return generator
                .add(Linear.builder().setUnits(1024).build())
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(Linear.builder().setUnits(128 * 7 * 7).build())
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new Reshape(128, 7, 7));
    }
}
