// Starts the real servers the tests need (FerretDB over the local PostgreSQL) unless
// the environment already points at one. Redis is expected at REDIS_URL (CI starts it).
const { startServices } = require('./services');
module.exports = async () => {
  await startServices();
};
