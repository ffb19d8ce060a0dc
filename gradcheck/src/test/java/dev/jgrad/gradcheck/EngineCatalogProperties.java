package dev.jgrad.gradcheck;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * One property per entry of the engine's op catalog: on random shapes and values from the entry's domain, the
 * backward pass agrees with central differences at the default threshold, for first derivatives and for second
 * derivatives. {@link CatalogCoverageTest} fails when an entry has no property here.
 */
class EngineCatalogProperties {
    static final int TRIES = 100;

    @Property(tries = TRIES)
    void add(@ForAll @CatalogOp("add") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void addScalar(@ForAll @CatalogOp("add(double)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sub(@ForAll @CatalogOp("sub") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void subScalar(@ForAll @CatalogOp("sub(double)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void mul(@ForAll @CatalogOp("mul") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void mulScalar(@ForAll @CatalogOp("mul(double)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void div(@ForAll @CatalogOp("div") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void divScalar(@ForAll @CatalogOp("div(double)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void maximum(@ForAll @CatalogOp("maximum") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void minimum(@ForAll @CatalogOp("minimum") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void pow(@ForAll @CatalogOp("pow") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void neg(@ForAll @CatalogOp("neg") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void exp(@ForAll @CatalogOp("exp") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void log(@ForAll @CatalogOp("log") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sqrt(@ForAll @CatalogOp("sqrt") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void abs(@ForAll @CatalogOp("abs") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void tanh(@ForAll @CatalogOp("tanh") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sigmoid(@ForAll @CatalogOp("sigmoid") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void relu(@ForAll @CatalogOp("relu") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void clamp(@ForAll @CatalogOp("clamp") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sum(@ForAll @CatalogOp("sum") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sumAlongAxis(@ForAll @CatalogOp("sum(axis)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void mean(@ForAll @CatalogOp("mean") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void meanAlongAxis(@ForAll @CatalogOp("mean(axis)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void max(@ForAll @CatalogOp("max") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void maxAlongAxis(@ForAll @CatalogOp("max(axis)") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void logSumExp(@ForAll @CatalogOp("logSumExp") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void matmul(@ForAll @CatalogOp("matmul") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void transpose(@ForAll @CatalogOp("transpose") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void reshape(@ForAll @CatalogOp("reshape") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void concat(@ForAll @CatalogOp("concat") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void slice(@ForAll @CatalogOp("slice") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void indexSelect(@ForAll @CatalogOp("indexSelect") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void gather(@ForAll @CatalogOp("gather") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void expand(@ForAll @CatalogOp("expand") OpCase c) {
        c.verify();
    }

    @Property(tries = TRIES)
    void sumTo(@ForAll @CatalogOp("sumTo") OpCase c) {
        c.verify();
    }
}
