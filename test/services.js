// Test services, started once per jest run. Kept in plain JS: jest loads globalSetup
// before any transform is configured for it.
const services = [];

async function startServices() {
  process.env.REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

async function stopServices() {
  for (const stop of services.reverse()) await stop();
}

module.exports = { startServices, stopServices };
