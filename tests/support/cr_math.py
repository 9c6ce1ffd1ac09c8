# Test helper (Python, prepended to scripts by tests/returnn_python.rs and tests/equivalents_step.rs):
# replaces math.cos by the correctly rounded cosine (mpmath, 200 bits), so that glibc's rare
# misrounding of cos (about 1 argument in 1 300, tests/step_lr_libm.rs) does not hide other
# differences. The engine's cos is correctly rounded. Without mpmath nothing is replaced, and the
# tests fail with a message saying mpmath is needed.
import math as _math

CR_COS = False
try:
    import mpmath as _mpmath

    _mpmath.mp.prec = 200
    _glibc_cos = _math.cos

    def _cr_cos(x):
        g = _glibc_cos(x)  # also raises ValueError for inf
        if not _math.isfinite(g):
            return g
        v = _mpmath.cos(_mpmath.mpf(x))
        cands = [_math.nextafter(g, -_math.inf), g, _math.nextafter(g, _math.inf)]
        return min(cands, key=lambda c: abs(_mpmath.mpf(c) - v))

    _math.cos = _cr_cos
    CR_COS = True
except ImportError:
    pass
