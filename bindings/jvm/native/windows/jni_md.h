/*
 * The machine-dependent part of jni.h for 64-bit Windows, used to build
 * bayeskit_jni.dll from Linux (a Linux JDK ships only its own jni_md.h).
 * These are the JNI specification's definitions for this platform: the entry
 * points are exported from the DLL, jint is 32 bits (a Windows long), jlong 64.
 */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall

typedef long jint;
typedef __int64 jlong;
typedef signed char jbyte;

#endif /* !_JAVASOFT_JNI_MD_H_ */
