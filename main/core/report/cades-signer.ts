import { createHash, createPrivateKey, sign as rsaSign } from 'node:crypto';
import forge from 'node-forge';
import { Signer } from '@signpdf/utils';

const { asn1, pki } = forge;
const OID = {
  data: pki.oids.data!,
  signedData: pki.oids.signedData!,
  sha256: pki.oids.sha256!,
  rsaEncryption: pki.oids.rsaEncryption!,
  contentType: pki.oids.contentType!,
  messageDigest: pki.oids.messageDigest!,
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

/** What signing needs: the private key (PEM) and the certificate chain, the signer's own certificate first. */
export interface KeyMaterial {
  keyPem: string;
  certs: forge.pki.Certificate[];
}

const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (o: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const int = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
const algo = (o: string) => seq([oid(o), nul()]);
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

function serialAsn1(cert: forge.pki.Certificate): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(cert.serialNumber));
}

/**
 * The issuer Name exactly as the certificate encodes it. Rebuilding it from forge's parsed fields would encode
 * UTF8String values a second time for certificates read from a file, and the signer would no longer match.
 */
function issuerAsn1(cert: forge.pki.Certificate): forge.asn1.Asn1 {
  const tbs = (pki.certificateToAsn1(cert).value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
  const explicitVersion = tbs[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC;
  return tbs[explicitVersion ? 3 : 2]!;
}

export function certDer(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(asn1.toDer(pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/**
 * The signed attributes PAdES B-B asks for: content-type, message-digest and ESS signing-certificate-v2 (which binds
 * the signer's certificate). No signing-time attribute: in PAdES the claimed time is the signature dictionary's /M.
 */
function signedAttributes(digest: Buffer, cert: forge.pki.Certificate): forge.asn1.Asn1[] {
  const certHash = createHash('sha256').update(certDer(cert)).digest();
  const issuerName = issuerAsn1(cert);
  const issuerSerial = seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuerName])]), serialAsn1(cert)]);
  // ESSCertIDv2 with the default hash algorithm (SHA-256) omitted, as DER requires.
  const signingCertV2 = seq([seq([seq([octets(certHash.toString('binary')), issuerSerial])])]);
  return [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest.toString('binary'))),
    attribute(OID.signingCertificateV2, signingCertV2),
  ];
}

/** A CMS SignedData (detached, SHA-256 with RSA) in the shape PAdES baseline B-B (ETSI.CAdES.detached) expects. */
export function cadesDetached(content: Buffer, key: KeyMaterial): Buffer {
  const [cert] = key.certs;
  if (!cert) throw new Error('no certificate to sign with');
  const digest = createHash('sha256').update(content).digest();
  const attrs = signedAttributes(digest, cert);
  // The signature covers the attributes DER-encoded as a SET; in the SignerInfo they sit under [0] IMPLICIT.
  const attrsDer = Buffer.from(asn1.toDer(set(attrs)).getBytes(), 'binary');
  const signature = rsaSign('sha256', attrsDer, createPrivateKey(key.keyPem));
  const signerInfo = seq([
    int(1),
    seq([issuerAsn1(cert), serialAsn1(cert)]),
    algo(OID.sha256),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attrs),
    algo(OID.rsaEncryption),
    octets(signature.toString('binary')),
  ]);
  const signedData = seq([
    int(1),
    set([algo(OID.sha256)]),
    seq([oid(OID.data)]),
    asn1.create(
      asn1.Class.CONTEXT_SPECIFIC,
      0,
      true,
      key.certs.map((c) => pki.certificateToAsn1(c)),
    ),
    set([signerInfo]),
  ]);
  const contentInfo = seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]);
  return Buffer.from(asn1.toDer(contentInfo).getBytes(), 'binary');
}

/** @signpdf's Signer interface over cadesDetached. */
export class CadesSigner extends Signer {
  constructor(private readonly key: KeyMaterial) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return cadesDetached(pdfBuffer, this.key);
  }
}
