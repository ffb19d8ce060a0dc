package dev.jgrad.examples;

import dev.jgrad.samples.ClassifierSample;
import dev.jgrad.samples.Digits;
import java.util.Locale;

/** One of the jgrad-samples training programs run from code rather than from the command line. */
public final class SampleRun {
    private SampleRun() {
    }

    /** The digits sample's test accuracy with its default options. */
    static double digitsTestAccuracy() {
        ClassifierSample.Result result = new Digits().run();   // the default options; plots go to out/
        double accuracy = result.testAccuracy();
        return accuracy;
    }

    /** Trains the digits sample and prints its test accuracy. */
    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "digits: test accuracy %.3f%n", digitsTestAccuracy());
    }
}
