package dev.jgrad.nn;

import dev.jgrad.gradcheck.CatalogOp;
import dev.jgrad.gradcheck.OpCase;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * One property per entry of nn's op catalog ({@link NnCatalog}): on random shapes and values from the entry's
 * domain, the backward pass agrees with central differences at the default threshold, for first and second
 * derivatives. {@link NnCatalogCoverageTest} fails when an entry has no property here.
 */
class NnCatalogProperties {
    static final int TRIES = 100;

    @Property(tries = TRIES)
    void activationsSigmoid(@ForAll @CatalogOp("Activations.sigmoid") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsTanh(@ForAll @CatalogOp("Activations.tanh") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsRelu(@ForAll @CatalogOp("Activations.relu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsLeakyRelu(@ForAll @CatalogOp("Activations.leakyRelu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsLeakyReluWithSlope(@ForAll @CatalogOp("Activations.leakyRelu(slope)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsPrelu(@ForAll @CatalogOp("Activations.prelu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsRrelu(@ForAll @CatalogOp("Activations.rrelu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsElu(@ForAll @CatalogOp("Activations.elu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsEluWithAlpha(@ForAll @CatalogOp("Activations.elu(alpha)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsSilu(@ForAll @CatalogOp("Activations.silu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsSwish(@ForAll @CatalogOp("Activations.swish") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsSoftplus(@ForAll @CatalogOp("Activations.softplus") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsGelu(@ForAll @CatalogOp("Activations.gelu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsSoftmax(@ForAll @CatalogOp("Activations.softmax") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsLogSoftmax(@ForAll @CatalogOp("Activations.logSoftmax") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationsMaxout(@ForAll @CatalogOp("Activations.maxout") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void crossEntropy(@ForAll @CatalogOp("Losses.crossEntropy") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void multiclassHinge(@ForAll @CatalogOp("Losses.multiclassHinge") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void crossEntropyWithProbabilities(@ForAll @CatalogOp("Losses.crossEntropyWithProbabilities") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void binaryCrossEntropyWithLogits(@ForAll @CatalogOp("Losses.binaryCrossEntropyWithLogits") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void binaryCrossEntropy(@ForAll @CatalogOp("Losses.binaryCrossEntropy") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void meanSquaredError(@ForAll @CatalogOp("Losses.meanSquaredError") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sumSquaredError(@ForAll @CatalogOp("Losses.sumSquaredError") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void marginRanking(@ForAll @CatalogOp("Losses.marginRanking") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void l2Penalty(@ForAll @CatalogOp("Losses.l2Penalty") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void reduction(@ForAll @CatalogOp("Reduction.reduce") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void lossCompute(@ForAll @CatalogOp("Loss.compute") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void activationModule(@ForAll @CatalogOp("Activation") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void dense(@ForAll @CatalogOp("Dense") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void prelu(@ForAll @CatalogOp("PReLU") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void rreluInTraining(@ForAll @CatalogOp("RReLU(train)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void rreluInEval(@ForAll @CatalogOp("RReLU(eval)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void maxout(@ForAll @CatalogOp("Maxout") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void dropoutInTraining(@ForAll @CatalogOp("Dropout(train)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void dropoutInEval(@ForAll @CatalogOp("Dropout(eval)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void batchNormInTraining(@ForAll @CatalogOp("BatchNorm1d(train)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void batchNormInEval(@ForAll @CatalogOp("BatchNorm1d(eval)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sequential(@ForAll @CatalogOp("Sequential") OpCase c) {
        c.verify();
    }
}
