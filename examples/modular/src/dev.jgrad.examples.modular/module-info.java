/**
 * A modular program on jgrad: the jgrad jars are automatic modules on the module path, named by their manifests;
 * EJML stays on the class path, which automatic modules read.
 */
module dev.jgrad.examples.modular {
    requires dev.jgrad.engine;
    requires dev.jgrad.nn;
}
