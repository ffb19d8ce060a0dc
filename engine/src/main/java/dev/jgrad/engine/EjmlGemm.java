package dev.jgrad.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * The portable matmul kernel: EJML over the tensors' own arrays ({@code DMatrixRMaj.wrap} and
 * {@code FMatrixRMaj.wrap}, no copies when the operand starts at offset 0), with EJML's transpose-aware products,
 * multi-threaded above a size where that wins.
 */
final class EjmlGemm implements Gemm {
    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        DMatrixRMaj ma = wrap(transA ? k : m, transA ? m : k, a, aOff);
        DMatrixRMaj mb = wrap(transB ? n : k, transB ? k : n, b, bOff);
        DMatrixRMaj mc = cOff == 0 ? DMatrixRMaj.wrap(m, n, c) : new DMatrixRMaj(m, n);
        boolean threads = (long) m * n * k >= THREAD_THRESHOLD;
        if (k == 0) {
            mc.zero();
        } else if (!transA && !transB) {
            if (threads) CommonOps_MT_DDRM.mult(ma, mb, mc); else CommonOps_DDRM.mult(ma, mb, mc);
        } else if (transA && !transB) {
            if (threads) CommonOps_MT_DDRM.multTransA(ma, mb, mc); else CommonOps_DDRM.multTransA(ma, mb, mc);
        } else if (!transA) {
            if (threads) CommonOps_MT_DDRM.multTransB(ma, mb, mc); else CommonOps_DDRM.multTransB(ma, mb, mc);
        } else {
            if (threads) CommonOps_MT_DDRM.multTransAB(ma, mb, mc); else CommonOps_DDRM.multTransAB(ma, mb, mc);
        }
        if (cOff != 0) {
            System.arraycopy(mc.data, 0, c, cOff, m * n);
        }
    }

    // EJML's float layer mirrors its double one class for class, so this is the same dispatch over other types.
    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        FMatrixRMaj ma = wrap(transA ? k : m, transA ? m : k, a, aOff);
        FMatrixRMaj mb = wrap(transB ? n : k, transB ? k : n, b, bOff);
        FMatrixRMaj mc = cOff == 0 ? FMatrixRMaj.wrap(m, n, c) : new FMatrixRMaj(m, n);
        boolean threads = (long) m * n * k >= THREAD_THRESHOLD;
        if (k == 0) {
            mc.zero();
        } else if (!transA && !transB) {
            if (threads) CommonOps_MT_FDRM.mult(ma, mb, mc); else CommonOps_FDRM.mult(ma, mb, mc);
        } else if (transA && !transB) {
            if (threads) CommonOps_MT_FDRM.multTransA(ma, mb, mc); else CommonOps_FDRM.multTransA(ma, mb, mc);
        } else if (!transA) {
            if (threads) CommonOps_MT_FDRM.multTransB(ma, mb, mc); else CommonOps_FDRM.multTransB(ma, mb, mc);
        } else {
            if (threads) CommonOps_MT_FDRM.multTransAB(ma, mb, mc); else CommonOps_FDRM.multTransAB(ma, mb, mc);
        }
        if (cOff != 0) {
            System.arraycopy(mc.data, 0, c, cOff, m * n);
        }
    }

    /** EJML matrices start at index 0: a batch slice further in is copied out. */
    private static DMatrixRMaj wrap(int rows, int cols, double[] data, int off) {
        if (off == 0) {
            return DMatrixRMaj.wrap(rows, cols, data);
        }
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        System.arraycopy(data, off, m.data, 0, rows * cols);
        return m;
    }

    private static FMatrixRMaj wrap(int rows, int cols, float[] data, int off) {
        if (off == 0) {
            return FMatrixRMaj.wrap(rows, cols, data);
        }
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        System.arraycopy(data, off, m.data, 0, rows * cols);
        return m;
    }

    @Override
    public String describe() {
        return "EJML (multi-threaded from " + THREAD_THRESHOLD + " multiply-adds)";
    }
}
