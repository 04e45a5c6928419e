// Starts the real servers the integration tests need (Redis, FerretDB) unless the
// environment already points at them: see services.js.
const { startServices } = require('./services');
module.exports = async () => {
  await startServices();
};
