import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import forge from 'node-forge';
import { certDer } from './cades-signer';
import { describeCertificate, type SignerDescription } from './signing-identity';

const { asn1, pki } = forge;
const SIGNING_CERT_V2 = '1.2.840.113549.1.9.16.2.47';

export interface CmsCheck {
  reasons: string[];
  signer: SignerDescription | null;
}

type Node = forge.asn1.Asn1;
const kids = (n: Node | undefined): Node[] => (Array.isArray(n?.value) ? (n.value as Node[]) : []);
const bytesOf = (n: Node | undefined) => Buffer.from(typeof n?.value === 'string' ? n.value : '', 'binary');
const der = (n: Node) => Buffer.from(asn1.toDer(n).getBytes(), 'binary');

/**
 * Checks a detached CMS signature over `signed` (the bytes the ByteRange covers): the message digest, the RSA
 * signature over the signed attributes with the signer's certificate, the ESS signing-certificate-v2 binding, and
 * the certificate's validity at the claimed signing time. Returns every reason it fails, and who signed.
 */
export function checkCms(cmsDer: Buffer, signed: Buffer, signedAt: Date | null): CmsCheck {
  const reasons: string[] = [];
  let root: Node;
  try {
    root = asn1.fromDer(cmsDer.toString('binary'), { parseAllBytes: false, strict: true } as unknown as boolean);
  } catch (err) {
    return { reasons: [`the signature is not a readable CMS structure (${(err as Error).message})`], signer: null };
  }
  const signedData = kids(kids(root)[1])[0];
  const parts = kids(signedData);
  const certNode = parts.find((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
  const signerInfo = kids(parts[parts.length - 1])[0];
  const si = kids(signerInfo);
  const attrsNode = si.find((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
  const sigNode = si.find((p, i) => i > 3 && p.type === asn1.Type.OCTETSTRING);
  if (!signedData || !signerInfo || !attrsNode || !sigNode)
    return { reasons: ['the CMS signature lacks signed attributes or a signer'], signer: null };

  const certs: forge.pki.Certificate[] = [];
  for (const c of kids(certNode)) {
    try {
      certs.push(pki.certificateFromAsn1(c));
    } catch (err) {
      reasons.push(`a certificate in the signature cannot be read (${(err as Error).message})`);
    }
  }
  const sid = kids(si[1]);
  const serial = forge.util.bytesToHex(typeof sid[1]?.value === 'string' ? sid[1].value : '');
  const cert = certs.find((c) => c.serialNumber.replace(/^0+/, '') === serial.replace(/^0+/, '')) ?? certs[0];
  if (!cert) return { reasons: [...reasons, 'the signature holds no signer certificate'], signer: null };
  const certHash = createHash('sha256').update(certDer(cert)).digest();
  const signer = describeCertificate(cert, certHash.toString('hex'));

  const attr = (oid: string) =>
    kids(attrsNode).find((a) => asn1.derToOid(forge.util.createBuffer(kids(a)[0]?.value as string)) === oid);
  const digestAttr = kids(kids(attr(pki.oids.messageDigest!))[1])[0];
  const digest = createHash('sha256').update(signed).digest();
  if (!digestAttr) reasons.push('the signature has no message-digest attribute');
  else if (!bytesOf(digestAttr).equals(digest))
    reasons.push('digest mismatch: the signed bytes of the document changed after signing');

  const essCert = attr(SIGNING_CERT_V2);
  if (!essCert) reasons.push('no ESS signing-certificate-v2 attribute (required by PAdES B-B)');
  else {
    const certId = kids(kids(kids(kids(kids(essCert)[1])[0])[0])[0]);
    const hashNode = certId.find((n) => n.type === asn1.Type.OCTETSTRING);
    if (!hashNode || !bytesOf(hashNode).equals(certHash))
      reasons.push('the signing-certificate-v2 attribute does not match the signer certificate');
  }

  const attrsDer = der(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, kids(attrsNode)));
  let ok = false;
  try {
    const key = createPublicKey(pki.publicKeyToPem(cert.publicKey));
    ok = cryptoVerify('sha256', attrsDer, key, bytesOf(sigNode));
  } catch (err) {
    reasons.push(`the signature cannot be checked (${(err as Error).message})`);
  }
  if (!ok) reasons.push("the signature value does not verify with the signer's certificate");
  if (signedAt && (signedAt < cert.validity.notBefore || signedAt > cert.validity.notAfter))
    reasons.push(`the certificate was not valid at the signing time ${signedAt.toISOString()}`);
  return { reasons, signer };
}
