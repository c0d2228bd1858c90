/*
 * A stand-in for Windows' bcryptprimitives.dll, for running the Windows test
 * programs under wine only: Rust's standard library (1.78 and later) seeds its
 * hash maps through ProcessPrng, which Windows 10 and later export from
 * bcryptprimitives.dll and which Debian 12's wine (8.0) lacks. It is never
 * packaged: real Windows has the DLL. ProcessPrng fills the buffer from the
 * system generator RtlGenRandom (advapi32's SystemFunction036) and cannot fail.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) ExitProcess(0xC0000001); /* ProcessPrng never returns failure */
    data += n;
    len -= n;
  }
  return TRUE;
}
