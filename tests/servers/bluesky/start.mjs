// A real Bluesky PDS for Poise's tests, with the PLC directory it registers accounts in.
//
// Both listen on 127.0.0.1 on free ports. The PLC directory keeps its operations in memory and
// the PDS keeps its SQLite databases and blobs in a temporary folder removed on exit. Invites
// and email are off, rate limits too (the tests log in many times), and there is no app view:
// the PDS serves com.atproto.* itself and fails app.bsky.* queries it would have proxied.
//
// When both are ready it prints one JSON line on stdout:
//   {"pds": "http://localhost:PORT", "plc": "http://127.0.0.1:PORT", "adminPassword": ...,
//    "jwtSecret": ..., "handleDomain": ".test"}
// and stops cleanly on SIGTERM or SIGINT (or when its standard input closes, so a test run
// that dies does not leave it behind).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const { PDS, envToCfg, envToSecrets, readEnv } = require('@atproto/pds')
const { PlcServer, Database: PlcDatabase } = require('@did-plc/server')

const HOST = '127.0.0.1'
const HANDLE_DOMAIN = '.test'

// Both servers call app.listen(port) on every interface; keep them on the loopback address.
function onLoopback(app) {
  const listen = app.listen.bind(app)
  app.listen = (port, ...rest) => listen(port, HOST, ...rest.filter((a) => typeof a === 'function'))
}

// The PDS writes its own address (http://localhost:PORT) into every account's DID document,
// so its port has to be known before it starts.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

async function startPlc() {
  const plc = PlcServer.create({ db: PlcDatabase.mock(), port: 0 })
  onLoopback(plc.app)
  const server = await plc.start()
  return { plc, url: `http://${HOST}:${server.address().port}` }
}

async function startPds(plcUrl, dataDirectory) {
  const port = await freePort()
  const secret = () => randomBytes(16).toString('hex')
  const env = {
    ...readEnv(),
    port,
    hostname: 'localhost',
    devMode: true,
    version: '0.0.0',
    dataDirectory,
    blobstoreDiskLocation: join(dataDirectory, 'blobs'),
    didPlcUrl: plcUrl,
    serviceHandleDomains: [HANDLE_DOMAIN],
    inviteRequired: false,
    rateLimitsEnabled: false,
    // No app view, no crawlers, no email: nothing leaves this machine.
    bskyAppViewUrl: undefined,
    bskyAppViewDid: undefined,
    modServiceUrl: undefined,
    modServiceDid: undefined,
    reportServiceUrl: undefined,
    reportServiceDid: undefined,
    crawlers: [],
    emailSmtpUrl: undefined,
    emailFromAddress: undefined,
    jwtSecret: secret(),
    dpopSecret: randomBytes(32).toString('hex'),
    adminPassword: secret(),
    plcRotationKeyK256PrivateKeyHex: randomBytes(32).toString('hex'),
  }
  const pds = await PDS.create(envToCfg(env), envToSecrets(env))
  onLoopback(pds.app)
  await pds.start()
  return { pds, url: `http://localhost:${port}`, env }
}

async function main() {
  const started = Date.now()
  const dataDirectory = mkdtempSync(join(tmpdir(), 'poise-pds-'))
  let plc, plcUrl, pds, pdsUrl, env
  try {
    ;({ plc, url: plcUrl } = await startPlc())
    ;({ pds, url: pdsUrl, env } = await startPds(plcUrl, dataDirectory))
  } catch (error) {
    rmSync(dataDirectory, { recursive: true, force: true })
    throw error
  }

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    try {
      await pds.destroy()
      await plc.destroy()
    } finally {
      rmSync(dataDirectory, { recursive: true, force: true })
      process.exit(0)
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdin.on('end', stop)
  process.stdin.resume()

  process.stdout.write(
    JSON.stringify({
      pds: pdsUrl,
      plc: plcUrl,
      adminPassword: env.adminPassword,
      jwtSecret: env.jwtSecret,
      handleDomain: HANDLE_DOMAIN,
      startupMs: Date.now() - started,
    }) + '\n',
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
