package io.routemq.worker.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads a PEM private key in the three forms a kubernetes.io/tls Secret holds: PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). cert-manager writes the last two by default
 * (privateKey.encoding PKCS1), and the JDK reads only PKCS#8, so those are wrapped into PKCS#8 first: the key bytes
 * stay as they are, only the algorithm header is added.
 */
final class PemKeys {
  // DER of AlgorithmIdentifier { rsaEncryption, NULL } and of the OID id-ecPublicKey.
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

  private PemKeys() {}

  static PrivateKey read(Path pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem);
    if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new GeneralSecurityException(pem + " is encrypted; the worker needs an unencrypted key"
          + " (openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)");
    }
    if (text.contains("BEGIN PRIVATE KEY")) {
      return pkcs8(body(text, "PRIVATE KEY"), pem);
    }
    if (text.contains("BEGIN RSA PRIVATE KEY")) {
      byte[] pkcs1 = body(text, "RSA PRIVATE KEY");
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
          sequence(concat(hex("020100"), RSA_ALGORITHM, tlv(0x04, pkcs1)))));
    }
    if (text.contains("BEGIN EC PRIVATE KEY")) {
      byte[] sec1 = body(text, "EC PRIVATE KEY");
      byte[] curve = curveOid(sec1, pem);
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
          sequence(concat(hex("020100"), sequence(concat(EC_PUBLIC_KEY_OID, curve)), tlv(0x04, sec1)))));
    }
    throw new GeneralSecurityException(pem + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or"
        + " EC PRIVATE KEY)");
  }

  private static PrivateKey pkcs8(byte[] der, Path pem) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException notRsa) {
      try {
        return KeyFactory.getInstance("EC").generatePrivate(spec);
      } catch (GeneralSecurityException notEc) {
        throw new GeneralSecurityException(pem + " is neither an RSA nor an EC key", notEc);
      }
    }
  }

  /** The named curve of a SEC1 ECPrivateKey: the OID inside its [0] parameters, which openssl always writes. */
  private static byte[] curveOid(byte[] sec1, Path pem) throws GeneralSecurityException {
    int i = headerLength(sec1, 0);
    while (i < sec1.length) {
      int tag = sec1[i] & 0xff;
      int header = headerLength(sec1, i);
      int length = contentLength(sec1, i);
      if (tag == 0xa0) {
        return Arrays.copyOfRange(sec1, i + header, i + header + length);
      }
      i += header + length;
    }
    throw new GeneralSecurityException(pem + ": the EC key does not name its curve; write it with"
        + " openssl pkcs8 -topk8 -nocrypt");
  }

  private static int headerLength(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    return first < 0x80 ? 2 : 2 + (first & 0x7f);
  }

  private static int contentLength(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int k = 0; k < (first & 0x7f); k++) {
      length = (length << 8) | (der[at + 2 + k] & 0xff);
    }
    return length;
  }

  private static byte[] body(String text, String label) {
    int start = text.indexOf("-----BEGIN " + label + "-----") + ("-----BEGIN " + label + "-----").length();
    int end = text.indexOf("-----END " + label + "-----");
    return Base64.getMimeDecoder().decode(text.substring(start, end));
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write((n >> 8) & 0xff);
      out.write(n & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
