package dev.jgrad.gradcheck;
import org.junit.jupiter.api.Test;
class TmpDiagTest {
    @Test void sizes() {
        long total = 0; int n = 0;
        for (OpCase c : OpCatalog.engine().entry("Tensor.matmul(Tensor)").sample(100, 42)) { for (var t : c.inputs()) total += t.size(); n++; }
        System.out.println("DIAG sample: cases " + n + " mean elements " + (double) total / n);
        long t0 = System.nanoTime();
        OpCatalog.engine().entry("Tensor.matmul(Tensor)").verify();
        System.out.println("DIAG verify ms " + (System.nanoTime() - t0) / 1e6);
    }
}
