const { stopServices } = require('./services');
module.exports = async () => {
  await stopServices();
};
